-- Who may see what (S3, identity module). Platform users reach a tenant's data only through an assignment; tenants
-- (and the platform) define custom roles as subsets of what their administrators hold themselves.

CREATE TABLE assignments (
    user_id     UUID         NOT NULL REFERENCES users (id),
    tenant_id   UUID         NOT NULL,
    assigned_by VARCHAR(200) NOT NULL,
    assigned_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (user_id, tenant_id)
);
CREATE INDEX assignments_tenant ON assignments (tenant_id);

-- tenant_id null: a platform role, given to platform users only
CREATE TABLE custom_roles (
    id          UUID         NOT NULL PRIMARY KEY,
    tenant_id   UUID,
    name        VARCHAR(100) NOT NULL,
    permissions VARCHAR(500) NOT NULL,
    created_by  VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
-- platform roles (null tenant) are kept unique by name in code: NULLs are distinct in a unique index
CREATE UNIQUE INDEX custom_roles_tenant_name ON custom_roles (tenant_id, name);

-- A user holds users.role (built in) or, when this is set, the custom role; users.role then says only where the
-- user belongs (a tenant role or a platform role).
ALTER TABLE users ADD COLUMN custom_role_id UUID REFERENCES custom_roles (id);
