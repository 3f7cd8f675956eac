-- The call list (F7, issue 11).

-- A summary's purpose category in plain, beside the sealed summary, so that the list can show and filter it. A
-- category is one of a fixed list (jp.uketsuke.summary.PurposeCategory) and says nothing about the caller; the
-- caller's name, number and requested time stay sealed. Summaries written before this column cannot be filled in
-- here: the category is inside the sealed document, which only the application can open. They keep a null
-- category (shown as "—", matched by no category filter).
alter table call_summaries add column category varchar(20);
alter table call_summaries add constraint call_summaries_category check (category in
    ('INQUIRY', 'APPOINTMENT', 'CALLBACK', 'COMPLAINT', 'SALES', 'MESSAGE', 'OTHER'));
create index call_summaries_tenant_category on call_summaries (tenant_id, category, call_id);

-- Keyset paging walks (tenant, started_at, id) newest first; the id breaks ties between calls of the same instant.
-- It replaces (tenant, started_at), which it covers.
create index calls_tenant_started_id on calls (tenant_id, started_at, id);
drop index calls_tenant_started;
-- outcome filters (blocked, FAQ, messages) and the dashboard's counts of the day
create index calls_tenant_outcome_started on calls (tenant_id, outcome, started_at);
