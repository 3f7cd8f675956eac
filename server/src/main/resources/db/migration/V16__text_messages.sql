-- Text messages (SMS, F6) a flow's sms node queued for a caller, sent by the outbox worker. The destination and the
-- text are sealed with the tenant's key under "text-message:<id>:destination" and "text-message:<id>:body"; the
-- destination's keyed index (tenant PRF) finds a number's messages and opt-outs without plaintext. last_error holds
-- the provider's code and words, never a number.
create table text_messages (
    id                  uuid primary key,
    tenant_id           uuid not null references tenants (id),
    call_id             uuid,
    destination         bytea not null,
    destination_index   varchar(64) not null,
    body                bytea not null,
    status              varchar(12) not null,   -- queued, sending, sent, delivered, failed, refused
    attempts            integer not null,
    next_attempt_at     timestamp with time zone not null,
    claimed_at          timestamp with time zone,
    provider_message_id varchar(64),
    last_error          varchar(300),
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null
);
create index text_messages_due on text_messages (status, next_attempt_at);
create index text_messages_call on text_messages (call_id);
create index text_messages_tenant_created on text_messages (tenant_id, created_at);
create index text_messages_tenant_destination on text_messages (tenant_id, destination_index);
create index text_messages_provider_id on text_messages (provider_message_id);

-- Numbers that asked for no more messages from a tenant (a STOP reply, or the provider saying so): keyed index only.
create table text_message_opt_outs (
    tenant_id         uuid not null references tenants (id),
    destination_index varchar(64) not null,
    opted_out_at      timestamp with time zone not null,
    source            varchar(20) not null,      -- reply, provider
    primary key (tenant_id, destination_index)
);
