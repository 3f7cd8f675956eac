-- Incident response (S10). One row per incident (インシデント) of one affected tenant. What is known, the cause and the
-- prevention are free text a person typed and may name callers or staff, so they are sealed with the affected tenant's
-- key under "incident:<id>:<field>"; the title is a short label for lists and must not hold personal data.
-- aware_at is when the business became aware: the APPI report deadlines run from it. OPEN -> CONTAINED -> CLOSED.
create table incidents (
    id               uuid primary key,
    tenant_id        uuid not null references tenants (id),
    kind             varchar(20) not null,
    title            varchar(120) not null,
    known            bytea not null,
    unlawful_purpose boolean not null,
    handler          varchar(200) not null,
    state            varchar(10) not null,
    aware_at         timestamp with time zone not null,
    opened_at        timestamp with time zone not null,
    closed_at        timestamp with time zone,
    cause            bytea,
    prevention       bytea,
    constraint incidents_state check (state in ('OPEN', 'CONTAINED', 'CLOSED')),
    constraint incidents_kind check (kind in ('UNAUTHORISED_ACCESS', 'MISDELIVERY', 'LOST_DEVICE', 'MALWARE', 'INSIDER',
                                              'OUTBOUND_ABUSE', 'OTHER')),
    constraint incidents_closed check ((state = 'CLOSED') = (closed_at is not null))
);
create index incidents_tenant_state on incidents (tenant_id, state, opened_at);

-- One containment measure taken on an incident (suspend a user, end their sessions, disable a notification destination). Undone at most once, and only by
-- someone other than who took it.
create table incident_containments (
    id          uuid primary key,
    incident_id uuid not null references incidents (id),
    measure     varchar(20) not null,
    target      varchar(200) not null,
    taken_by    varchar(200) not null,
    taken_at    timestamp with time zone not null,
    undone_by   varchar(200),
    undone_at   timestamp with time zone,
    constraint incident_containments_measure check (measure in ('SUSPEND_USER', 'END_SESSIONS', 'DISABLE_DESTINATION')),
    constraint incident_containments_four_eyes check (undone_by is null or undone_by <> taken_by)
);
create index incident_containments_incident on incident_containments (incident_id, taken_at);

-- The timeline: every step of an incident, in order. A note's words are sealed under "incident-step:<id>:note".
create table incident_steps (
    id          uuid primary key,
    incident_id uuid not null references incidents (id),
    seq         integer not null,
    at          timestamp with time zone not null,
    actor       varchar(200) not null,
    step        varchar(30) not null,
    detail      varchar(200),
    note        bytea,
    constraint incident_steps_order unique (incident_id, seq)
);
