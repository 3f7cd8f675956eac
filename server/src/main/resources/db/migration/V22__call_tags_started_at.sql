-- The call list's tag filter (F7): a rare tag made PostgreSQL walk tens of thousands of a tenant's calls newest first
-- to find a page of tagged ones. With the call's start beside the tag, the tag's index yields the tagged calls
-- already in the list's order (keyset on started_at, id), and a page reads about as many rows as it shows.
-- A copy of calls.started_at, which never changes once a call is opened.
alter table call_tags add column started_at timestamp with time zone;
update call_tags set started_at = (select c.started_at from calls c where c.id = call_tags.call_id);
alter table call_tags alter column started_at set not null;
create index call_tags_tenant_tag_started on call_tags (tenant_id, tag, started_at, call_id);
-- the new index covers (tenant_id, tag), which is all the old one served beyond the primary key
drop index call_tags_tenant_tag;
