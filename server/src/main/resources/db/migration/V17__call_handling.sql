-- How the team handles a call (F7): the status workflow 未対応 → 対応中 → 対応済み, who has it, and tags. Plain
-- columns, not personal data: they say what staff did, not what the caller said; the call list filters on them.
alter table calls add column status varchar(20) default 'OPEN' not null;
alter table calls add column assignee varchar(200);   -- the actor (e.g. "user:tanaka") who has the call; null: nobody
alter table calls add column status_changed_at timestamp with time zone;
alter table calls add constraint calls_status check (status in ('OPEN', 'IN_PROGRESS', 'DONE'));
create index calls_tenant_status_started on calls (tenant_id, status, started_at);
create index calls_tenant_assignee_started on calls (tenant_id, assignee, started_at);

-- Short labels staff put on calls ("クレーム", "VIP", …), chosen from what the tenant uses; filterable.
create table call_tags (
    call_id   uuid        not null references calls (id),
    tenant_id uuid        not null references tenants (id),
    tag       varchar(40) not null,
    primary key (call_id, tag)
);
create index call_tags_tenant_tag on call_tags (tenant_id, tag, call_id);
