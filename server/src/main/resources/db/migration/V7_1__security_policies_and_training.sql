-- Security policies of a tenant or of the platform, and staff security training records (identity module; S4, S13).
CREATE TABLE security_policies (
    -- a tenant id, or the nil UUID for the platform's own users
    scope_id          UUID         NOT NULL PRIMARY KEY,
    -- ADMINS: MFA required of administrators only; ALL: of every user
    mfa_required_for  VARCHAR(16)  NOT NULL,
    -- current training required for the permissions that show personal data
    training_required BOOLEAN      NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by        VARCHAR(120) NOT NULL
);

CREATE TABLE training_records (
    id           UUID         NOT NULL PRIMARY KEY,
    user_id      UUID         NOT NULL,
    course       VARCHAR(200) NOT NULL,
    completed_on DATE         NOT NULL,
    -- the last day the training counts as current
    expires_on   DATE         NOT NULL,
    recorded_by  VARCHAR(120) NOT NULL,
    recorded_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX training_records_user ON training_records (user_id);
