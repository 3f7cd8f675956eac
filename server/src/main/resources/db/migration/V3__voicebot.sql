-- Each tenant's call flow and FAQ as one JSON document, sealed with the tenant's key like all its data.
CREATE TABLE call_flows (
    tenant_id  UUID  NOT NULL PRIMARY KEY,
    definition BYTEA NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
