-- Export control (S9). A tenant may require a second person's approval (four-eyes) for bulk exports of its calls.
-- No row, or false: holders of calls:export download directly, as before.
create table export_settings (
    tenant_id  uuid primary key references tenants (id),
    four_eyes  boolean not null,
    changed_at timestamp with time zone not null,
    changed_by varchar(200) not null
);

-- One request to export a period of a tenant's calls. The reason is free text a person typed, so it is sealed with the
-- tenant's key under "export-request:<id>:reason"; everything else says who did what when, not what callers said.
-- The period is [period_from, period_to) in instants; requested -> approved | rejected | expired; approved ->
-- downloaded | expired. A request is downloaded at most once, by its requester, before download_expires_at.
create table export_requests (
    id                  uuid primary key,
    tenant_id           uuid not null references tenants (id),
    requester           varchar(200) not null,
    period_from         timestamp with time zone not null,
    period_to           timestamp with time zone not null,
    max_rows            integer not null,
    reason              bytea not null,
    state               varchar(12) not null,
    requested_at        timestamp with time zone not null,
    decided_by          varchar(200),
    decided_at          timestamp with time zone,
    download_expires_at timestamp with time zone,
    downloaded_at       timestamp with time zone,
    constraint export_requests_state check (state in ('REQUESTED', 'APPROVED', 'REJECTED', 'DOWNLOADED', 'EXPIRED')),
    constraint export_requests_period check (period_from < period_to),
    constraint export_requests_four_eyes check (decided_by is null or decided_by <> requester)
);
create index export_requests_tenant_state on export_requests (tenant_id, state, requested_at);
create index export_requests_requester on export_requests (requester, requested_at);
