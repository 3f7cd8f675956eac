-- Access reviews, invitations into custom roles, and re-enabled accounts (identity module; S3).

-- when an administrator last enabled a disabled account: dormancy is counted from then, not from the last sign-in
ALTER TABLE users ADD COLUMN reactivated_at TIMESTAMP WITH TIME ZONE;

-- an invitation into a custom role of its scope (invitations.role then holds the base role of the scope). No foreign
-- key: a role offered by invitations that have closed may be deleted; one offered by an open invitation is kept in use
-- by the code, and accepting checks that it is still there.
ALTER TABLE invitations ADD COLUMN custom_role_id UUID;

-- A reviewer's sign-off of the access review of a tenant or of the platform's own users.
CREATE TABLE access_review_signoffs (
    id             UUID         NOT NULL PRIMARY KEY,
    -- a tenant id, or the nil UUID for the platform
    scope_id       UUID         NOT NULL,
    reviewer       VARCHAR(120) NOT NULL,
    signed_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    -- SHA-256 (hex) of the report as the reviewer saw it: the bytes of its CSV without the byte-order mark
    report_sha256  VARCHAR(64)  NOT NULL,
    -- the reviewer's optional comment, sealed with the scope's keys: it may name people
    sealed_comment BYTEA
);
CREATE INDEX access_review_signoffs_scope ON access_review_signoffs (scope_id, signed_at);

-- Reminders of overdue reviews already sent: one per scope and period, whichever node sends it first.
CREATE TABLE access_review_reminders (
    scope_id UUID NOT NULL,
    due_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (scope_id, due_at)
);
