-- Recorded prompts (F9): WAV files a tenant uploads for its flows' prompts, checked and converted once to 16 kHz mono
-- 16-bit. Name and audio (a WAV file) are sealed with the tenant's key under the contexts
-- "prompt-recording:<tenant>:<id>:name" and "prompt-recording:<tenant>:<id>:audio".
create table prompt_recordings (
    id          uuid primary key,
    tenant_id   uuid not null references tenants (id),
    name        bytea not null,
    audio       bytea not null,
    duration_ms integer not null,
    uploaded_at timestamp with time zone not null,
    uploaded_by varchar(200) not null
);

create index prompt_recordings_tenant on prompt_recordings (tenant_id, uploaded_at);
