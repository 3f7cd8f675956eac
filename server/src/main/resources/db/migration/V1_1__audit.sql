-- The operation log (S7): append-only and hash-chained. hash = SHA-256 over the canonical encoding of the row's
-- fields (version format_version) and prev_hash. Signed checkpoints will go into a table of their own
-- (seq, hash, signature, key id), referring to rows here, so no existing row ever has to change.

create table audit_events (
    seq            bigint primary key,
    occurred_at    timestamp with time zone not null,
    actor          varchar(200) not null,
    tenant_id      uuid,
    action         varchar(100) not null,
    target         varchar(200),
    source_address varchar(100),
    result         varchar(50)  not null,
    format_version smallint     not null,
    prev_hash      varchar(64)  not null,
    hash           varchar(64)  not null
);
create index audit_events_tenant on audit_events (tenant_id, seq);

-- the chain's head; appenders lock this one row (select ... for update), which orders appends across nodes
create table audit_head (
    id   integer primary key,
    seq  bigint      not null,
    hash varchar(64) not null
);
insert into audit_head (id, seq, hash)
values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
