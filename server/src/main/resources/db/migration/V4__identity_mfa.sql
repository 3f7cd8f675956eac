-- TOTP second factor (identity module). The secret is sealed with the tenant's keys (platform users: the reserved
-- platform keyset); recovery codes are kept only as keyed hashes.
CREATE TABLE user_mfa (
    user_id       UUID      NOT NULL PRIMARY KEY,
    sealed_secret BYTEA     NOT NULL,
    -- the last TOTP time step accepted: a code of this step or an earlier one is refused (no replay)
    last_step     BIGINT    NOT NULL,
    enrolled_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE mfa_recovery_codes (
    user_id   UUID        NOT NULL,
    code_hash VARCHAR(100) NOT NULL,
    used_at   TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (user_id, code_hash)
);
