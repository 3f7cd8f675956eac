-- Invitations by e-mail link, and users' own e-mail addresses (identity module). Only the SHA-256 of an invitation's
-- token is stored. E-mail addresses are personal data: sealed with the tenant's keys (platform users and platform
-- invitations: the reserved platform keyset), never stored in plain text.
CREATE TABLE invitations (
    id           UUID         NOT NULL PRIMARY KEY,
    token_hash   VARCHAR(64)  NOT NULL,
    -- null: an invitation into the platform (the agency), not into a tenant
    tenant_id    UUID,
    username     VARCHAR(100) NOT NULL,
    role         VARCHAR(32)  NOT NULL,
    sealed_email BYTEA        NOT NULL,
    invited_by   VARCHAR(120) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    accepted_at  TIMESTAMP WITH TIME ZONE,
    revoked_at   TIMESTAMP WITH TIME ZONE,
    -- the user the invitation became
    user_id      UUID,
    CONSTRAINT invitations_token_unique UNIQUE (token_hash)
);
CREATE INDEX invitations_tenant ON invitations (tenant_id);

-- optional: filled from the invitation; used to tell administrators about their tenant's accounts
ALTER TABLE users ADD COLUMN sealed_email BYTEA;
