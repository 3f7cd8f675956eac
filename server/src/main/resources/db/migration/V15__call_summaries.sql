-- Call summaries (F2): one per closed call, written after the call by the summary module. The summary (purpose
-- category, caller's name, callback number, requested time, urgency) is a JSON document sealed with the tenant's
-- key, context "call:<id>:summary"; only how it was made is plain, for operations (no personal data in it).
create table call_summaries (
    call_id    uuid primary key references calls (id),
    tenant_id  uuid not null references tenants (id),
    method     varchar(10) not null,
    summary    bytea not null,
    created_at timestamp with time zone not null,
    constraint call_summaries_method check (method in ('OFFLINE', 'LLM'))
);
create index call_summaries_tenant on call_summaries (tenant_id);

-- Per-tenant choice (S8): may the text of calls go to the configured LLM summariser without redaction?
-- No row, or false: personal data is masked before anything is sent.
create table summary_settings (
    tenant_id       uuid primary key references tenants (id),
    send_unredacted boolean not null,
    changed_at      timestamp with time zone not null,
    changed_by      varchar(200) not null
);
