-- Signed checkpoints of the operation log (S7): the chain head (seq, hash) at a moment, signed with the Ed25519
-- key kept apart from the database. id counts 1, 2, 3 … and is part of what is signed, so a removed or
-- reordered checkpoint shows as a gap. Append-only like audit_events (triggers in AuditCheckpointsAppendOnlyMigration).

create table audit_checkpoints (
    id        bigint primary key,
    seq       bigint       not null,
    hash      varchar(64)  not null,
    signed_at timestamp with time zone not null,
    key_id    bigint       not null,
    signature varchar(200) not null
);
