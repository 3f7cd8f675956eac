-- Tenants, the numbers that route to them, and their keys. Portable SQL: runs on H2 and PostgreSQL.

create table tenants (
    id         uuid primary key,
    name       varchar(200) not null,
    status     varchar(20)  not null,
    language   varchar(16)  not null,
    created_at timestamp with time zone not null
);

-- numbers in national form ("0500000000"), normalised by jp.uketsuke.tenancy.PhoneNumbers
create table phone_numbers (
    number      varchar(20) primary key,
    tenant_id   uuid not null references tenants (id),
    assigned_at timestamp with time zone not null
);
create index phone_numbers_tenant on phone_numbers (tenant_id);

-- one Tink keyset per tenant and purpose (aead, streaming, prf), wrapped by the master key; no foreign key
-- so that keys can be shredded independently of the rows they protect
create table tenant_keys (
    tenant_id      uuid        not null,
    purpose        varchar(20) not null,
    wrapped_keyset bytea       not null,
    created_at     timestamp with time zone not null,
    primary key (tenant_id, purpose)
);
