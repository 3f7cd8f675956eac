-- Notifications (F8, S8): where a tenant's calls are announced, which calls, and the outbox of deliveries.

-- A destination: an e-mail address, a chat webhook, a room. The address and the secret (token, signing key) are
-- personal or secret data, sealed with the tenant's key under "notification-destination:<id>:address|secret"; the
-- name is what the tenant calls it. A destination receives nothing but its verification code until verified_at is
-- set, and changing the address or the secret clears it. Only a hash of the pending code is kept.
create table notification_destinations (
    id                 uuid primary key,
    tenant_id          uuid not null references tenants (id),
    kind               varchar(20) not null,
    name               varchar(80) not null,
    data_level         varchar(10) not null,
    address            bytea not null,
    secret             bytea,
    options            varchar(2000) not null,      -- JSON object of the channel's options, never secret
    verified_at        timestamp with time zone,
    code_hash          varchar(64),                 -- SHA-256 of tenant, destination and the pending code
    code_expires_at    timestamp with time zone,
    code_attempts      integer default 0 not null,
    enabled            boolean not null,
    created_by         varchar(200) not null,
    created_at         timestamp with time zone not null,
    changed_by         varchar(200) not null,
    changed_at         timestamp with time zone not null,
    version            integer not null,
    constraint notification_destinations_level check (data_level in ('LINK', 'SUMMARY', 'FULL'))
);
create index notification_destinations_tenant on notification_destinations (tenant_id);

-- A rule: calls of the tenant that match notify one destination. Empty lists and null mean "any".
create table notification_rules (
    id             uuid primary key,
    tenant_id      uuid not null references tenants (id),
    destination_id uuid not null references notification_destinations (id) on delete cascade,
    outcomes       varchar(300) not null,   -- comma-separated NotifiedOutcome names
    categories     varchar(300) not null,   -- comma-separated PurposeCategory names
    dialed_number  varchar(20),
    hours          varchar(10) not null,    -- ANY, OPEN, CLOSED
    enabled        boolean not null,
    changed_by     varchar(200) not null,
    changed_at     timestamp with time zone not null,
    version        integer not null,
    constraint notification_rules_hours check (hours in ('ANY', 'OPEN', 'CLOSED'))
);
create index notification_rules_tenant on notification_rules (tenant_id);

-- Closed calls whose rules were evaluated: written in the same transaction as the call's deliveries, so a call is
-- evaluated once (the key) and a stop before it is found again by the catch-up (no row yet).
create table notification_call_marks (
    call_id      uuid primary key references calls (id),
    tenant_id    uuid not null references tenants (id),
    evaluated_at timestamp with time zone not null
);

-- The outbox: one row per event (a call, a verification code, a test) and destination. The notice is rendered when
-- it is sent, at the destination's level then, so nothing personal is stored here; a code is kept sealed until sent.
create table notification_deliveries (
    id              uuid primary key,
    tenant_id       uuid not null references tenants (id),
    destination_id  uuid not null references notification_destinations (id) on delete cascade,
    event_id        uuid not null,
    event_kind      varchar(12) not null,    -- CALL, VERIFY, TEST, ANNOUNCE
    call_id         uuid,
    payload         bytea,                   -- sealed, context "notification-delivery:<id>:payload"
    status          varchar(10) not null,    -- pending, sending, sent, dead
    attempts        integer not null,
    next_attempt_at timestamp with time zone not null,
    claimed_by      varchar(100),
    lease_until     timestamp with time zone,
    last_error      varchar(300),
    idempotency_key varchar(100) not null,
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null,
    resent_by       varchar(200),
    constraint notification_deliveries_once unique (event_id, destination_id),
    constraint notification_deliveries_status check (status in ('pending', 'sending', 'sent', 'dead'))
);
create index notification_deliveries_due on notification_deliveries (status, next_attempt_at);
create index notification_deliveries_tenant_status on notification_deliveries (tenant_id, status);
create index notification_deliveries_destination_updated on notification_deliveries (destination_id, updated_at);
