-- Console users and API keys (identity module). Only hashes of secrets are stored.
CREATE TABLE users (
    id                   UUID         NOT NULL PRIMARY KEY,
    username             VARCHAR(100) NOT NULL,
    password_hash        VARCHAR(200) NOT NULL,
    tenant_id            UUID,
    role                 VARCHAR(32)  NOT NULL,
    must_change_password BOOLEAN      NOT NULL,
    enabled              BOOLEAN      NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    last_login_at        TIMESTAMP WITH TIME ZONE,
    CONSTRAINT users_username_unique UNIQUE (username)
);
CREATE INDEX users_tenant ON users (tenant_id);

CREATE TABLE api_keys (
    id           UUID         NOT NULL PRIMARY KEY,
    prefix       VARCHAR(16)  NOT NULL,
    secret_hash  VARCHAR(64)  NOT NULL,
    tenant_id    UUID         NOT NULL,
    permissions  VARCHAR(500) NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE,
    revoked      BOOLEAN      NOT NULL,
    last_used_at TIMESTAMP WITH TIME ZONE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT api_keys_prefix_unique UNIQUE (prefix)
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id);
