-- Versioned call flows (F9). A tenant edits one draft; publishing freezes it as the next version. Every published
-- version is kept; flow_in_use says which one the next call runs. Definitions are JSON documents sealed with the
-- tenant's key (contexts "flow:<tenant>:draft" and "flow:<tenant>:v<version>").
create table flow_drafts (
    tenant_id  uuid primary key references tenants (id),
    definition bytea not null,
    based_on   integer,
    saved_at   timestamp with time zone not null,
    saved_by   varchar(200) not null
);

create table flow_versions (
    tenant_id    uuid not null references tenants (id),
    version      integer not null,
    definition   bytea not null,
    published_at timestamp with time zone not null,
    published_by varchar(200) not null,
    primary key (tenant_id, version)
);

create table flow_in_use (
    tenant_id uuid primary key references tenants (id),
    version   integer not null,
    since     timestamp with time zone not null,
    foreign key (tenant_id, version) references flow_versions (tenant_id, version)
);

-- which flow version answered each call, and the purpose the caller gave (sealed, context "call:<id>:purpose")
alter table calls add column flow_version integer;
alter table calls add column purpose bytea;
