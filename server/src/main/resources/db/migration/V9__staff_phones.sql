-- Staff phones (phones module): softphones and desk phones that register with the SIP registrar. The password is
-- never stored: sealed_digest holds its digest hashes HA1 = H(username:realm:password) for MD5 and SHA-256, sealed
-- with the tenant's key and bound to the row. The username is unique across the installation (it names the phone
-- to the registrar before the tenant is known).
create table staff_phones (
    id              uuid         primary key,
    tenant_id       uuid         not null references tenants (id),
    extension       varchar(10)  not null,
    username        varchar(64)  not null unique,
    realm           varchar(100) not null,
    sealed_digest   bytea        not null,
    created_at      timestamp with time zone not null,
    password_set_at timestamp with time zone not null,
    unique (tenant_id, extension)
);
