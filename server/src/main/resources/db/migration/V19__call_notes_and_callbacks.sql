-- How staff work a call (F7, S8), module "handling". Structured notes replace free memos, and callbacks become tasks
-- with a due time and someone on them. What a caller or staff wrote (names, numbers, text) is sealed with the tenant's
-- key; only who wrote it, when, and the plain facts lists need to sort and count by (due, done, assignee) are plain.

-- The version of a call's handling (status, assignee, tags): every change adds one, and a change made from a page that
-- showed an older version is refused instead of silently overwriting what someone else just did.
alter table calls add column handling_version integer default 0 not null;

-- A note is never edited: a correction is a new note, so the record of what was known when stays trustworthy. The
-- content (caller's name and company, purpose category and text, callback wish and number, by when) is one JSON
-- document sealed under "call:<call>:note:<id>".
create table call_notes (
    id         uuid primary key,
    call_id    uuid not null references calls (id) on delete cascade,
    tenant_id  uuid not null references tenants (id),
    author     varchar(200) not null,
    created_at timestamp with time zone not null,
    content    bytea not null
);
create index call_notes_call on call_notes (call_id, created_at);

-- A callback someone must make: from a note that asked for one, or made by hand. The number is sealed under
-- "call:<call>:callback:<id>"; due time, assignee and done are plain, so the overdue view and the dashboard's count
-- need no decryption. version guards done/not done against a stale page, like calls.handling_version.
create table call_callbacks (
    id         uuid primary key,
    call_id    uuid not null references calls (id) on delete cascade,
    tenant_id  uuid not null references tenants (id),
    note_id    uuid references call_notes (id) on delete cascade,
    due_at     timestamp with time zone not null,
    assignee   varchar(200),
    number     bytea,
    created_by varchar(200) not null,
    created_at timestamp with time zone not null,
    done_at    timestamp with time zone,
    done_by    varchar(200),
    version    integer default 0 not null
);
create index call_callbacks_tenant_open on call_callbacks (tenant_id, done_at, due_at);
create index call_callbacks_call on call_callbacks (call_id);
