-- Calls, their transcripts and recordings. Personal data columns hold ciphertext sealed with the tenant's key.

create table calls (
    id            uuid primary key,
    tenant_id     uuid not null references tenants (id),
    -- the node that wrote the call while it was open: it alone recovers the call after a crash
    node_id       varchar(100) not null,
    started_at    timestamp with time zone not null,
    ended_at      timestamp with time zone,
    outcome       varchar(20) not null,
    caller_number bytea,        -- sealed, context "call:<id>:caller"; null when withheld
    caller_index  varchar(64),  -- keyed index (tenant PRF) of the normalised caller number, for lookups
    dialed_number varchar(20) not null
);
create index calls_tenant_started on calls (tenant_id, started_at);
create index calls_tenant_caller on calls (tenant_id, caller_index);
create index calls_outcome_node on calls (outcome, node_id);

create table call_turns (
    call_id   uuid    not null references calls (id),
    seq       integer not null,
    offset_ms bigint  not null,
    speaker   varchar(10) not null,
    text      bytea   not null,  -- sealed, context "call:<id>:turn:<seq>"
    primary key (call_id, seq)
);

create table recordings (
    call_id     uuid primary key references calls (id),
    path        varchar(300) not null,  -- relative to the data directory
    sample_rate integer not null,
    channels    integer not null,
    pcm_bytes   bigint,                 -- null while being written; set on close or by crash recovery
    started_at  timestamp with time zone not null
);
