-- Sales-call screening (F4). A tenant's blocked and allowed numbers are sealed with its key (context
-- "screening-number:<id>") and found through the keyed index, as calls.caller_index is; a number is on one list at
-- most. A label is a tenant's "sales" / "not sales" on one call, with the caller's first words sealed
-- ("screening-label:<call>"), which the tenant's own classifier learns from; it goes with the call.
create table screening_numbers (
    id            uuid primary key,
    tenant_id     uuid not null references tenants (id),
    list_kind     varchar(5) not null,
    number_index  varchar(64) not null,
    sealed_number bytea not null,
    added_at      timestamp with time zone not null,
    added_by      varchar(200) not null,
    constraint screening_numbers_once unique (tenant_id, number_index)
);

create table screening_policies (
    tenant_id  uuid primary key references tenants (id),
    anonymous  varchar(7) not null,
    changed_at timestamp with time zone not null,
    changed_by varchar(200) not null
);

create table screening_labels (
    call_id     uuid primary key references calls (id) on delete cascade,
    tenant_id   uuid not null references tenants (id),
    sales       boolean not null,
    words       bytea not null,
    labelled_at timestamp with time zone not null,
    labelled_by varchar(200) not null
);

create index screening_labels_tenant on screening_labels (tenant_id);
