package jp.uketsuke.incidents.internal;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.AccountContainment;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.incidents.Containment;
import jp.uketsuke.incidents.ContainmentMeasure;
import jp.uketsuke.incidents.Incident;
import jp.uketsuke.incidents.IncidentKind;
import jp.uketsuke.incidents.IncidentRefused;
import jp.uketsuke.incidents.IncidentRefused.Reason;
import jp.uketsuke.incidents.IncidentState;
import jp.uketsuke.incidents.IncidentStep;
import jp.uketsuke.incidents.Incidents;
import jp.uketsuke.notify.DestinationContainment;
import jp.uketsuke.vault.Vault;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tables {@code incidents}, {@code incident_steps} and {@code incident_containments}. What is known, cause, prevention
 * and notes are sealed with the affected tenant's key (invariant 1: they are a person's words about a leak and name
 * whoever it touched), bound to their row; targets in the log are incident ids, never those words.
 */
final class JdbcIncidents implements Incidents {

    private static final String COLUMNS = "id, tenant_id, kind, title, known, unlawful_purpose, handler, state, aware_at,"
            + " opened_at, closed_at, cause, prevention";
    private static final String CONTAINMENT_COLUMNS = "id, incident_id, measure, target, taken_by, taken_at, undone_by, undone_at";

    private final JdbcClient jdbc;
    private final Vault vault;
    private final AuditLog audit;
    private final AccountContainment accounts;
    private final DestinationContainment destinations;
    private final Clock clock;

    JdbcIncidents(JdbcClient jdbc, Vault vault, AuditLog audit, AccountContainment accounts,
                  DestinationContainment destinations, Clock clock) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.audit = audit;
        this.accounts = accounts;
        this.destinations = destinations;
        this.clock = clock;
    }

    @Override
    public Incident open(Viewer viewer, UUID tenantId, IncidentKind kind, String title, String known,
                         boolean unlawfulPurpose, Instant awareAt) {
        if (!viewer.may(Permissions.INCIDENTS_MANAGE, tenantId)) {
            record(viewer, tenantId, "incident.open", "tenant:" + tenantId, AuditEvent.NOT_FOUND);
            throw new IncidentRefused(Reason.NOT_FOUND);
        }
        Instant now = clock.instant();
        String label = text(title, MAX_TITLE, false);
        String facts = text(known, MAX_TEXT, true);
        if (kind == null || awareAt == null || awareAt.isAfter(now)) {
            throw new IncidentRefused(Reason.BAD_INPUT);
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into incidents (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, null, null)")
                .params(id, tenantId, kind.name(), label, seal(tenantId, facts, field(id, "known")), unlawfulPurpose,
                        viewer.actor(), IncidentState.OPEN.name(), at(awareAt), at(now)).update();
        step(viewer, tenantId, id, IncidentStep.Kind.OPENED, kind.name(), null, "incident.open");
        return find(id).orElseThrow();
    }

    @Override
    public List<Incident> list(Viewer viewer) {
        List<UUID> tenants = viewer.tenants().stream().filter(t -> viewer.may(Permissions.INCIDENTS_MANAGE, t)).toList();
        if (tenants.isEmpty()) {
            return List.of();
        }
        // titles are labels without personal data: listing opens nothing sealed, so it is not a read of one
        return jdbc.sql("select " + COLUMNS + " from incidents where tenant_id in (:tenants) order by opened_at desc limit 500")
                .param("tenants", tenants).query((rs, n) -> map(rs, false)).list().stream()
                .sorted(Comparator.comparing(Incident::closed)).toList();
    }

    @Override
    public Incident find(Viewer viewer, UUID incidentId) {
        Incident incident = reachable(viewer, incidentId, "incident.read");
        record(viewer, incident.tenantId(), "incident.read", target(incidentId), AuditEvent.OK);
        return incident;
    }

    @Override
    public List<IncidentStep> timeline(Viewer viewer, UUID incidentId) {
        Incident incident = reachable(viewer, incidentId, "incident.read");
        UUID tenant = incident.tenantId();
        return jdbc.sql("select id, seq, at, actor, step, detail, note from incident_steps where incident_id = ? order by seq")
                .param(incidentId).query((rs, n) -> {
                    byte[] note = rs.getBytes(7);
                    return new IncidentStep(rs.getInt(2), instant(rs, 3), rs.getString(4),
                            IncidentStep.Kind.valueOf(rs.getString(5)), rs.getString(6),
                            note == null ? null : open(tenant, note, noteContext(rs.getObject(1, UUID.class))));
                }).list();
    }

    @Override
    public List<Containment> containments(Viewer viewer, UUID incidentId) {
        reachable(viewer, incidentId, "incident.read");
        return jdbc.sql("select " + CONTAINMENT_COLUMNS + " from incident_containments where incident_id = ? order by taken_at, id")
                .param(incidentId).query(JdbcIncidents::containment).list();
    }

    @Override
    public void addNote(Viewer viewer, UUID incidentId, String note) {
        Incident incident = changeable(viewer, incidentId, "incident.note");
        String words = text(note, MAX_NOTE, true);
        step(viewer, incident.tenantId(), incidentId, IncidentStep.Kind.NOTE, null, words, "incident.note");
    }

    @Override
    public void markContained(Viewer viewer, UUID incidentId) {
        Incident incident = changeable(viewer, incidentId, "incident.contained");
        int changed = jdbc.sql("update incidents set state = 'CONTAINED' where id = ? and state = 'OPEN'")
                .param(incidentId).update();
        if (changed == 0) {
            record(viewer, incident.tenantId(), "incident.contained", target(incidentId), AuditEvent.DENIED);
            throw new IncidentRefused(Reason.WRONG_STATE);
        }
        step(viewer, incident.tenantId(), incidentId, IncidentStep.Kind.CONTAINED, IncidentState.CONTAINED.name(), null,
                "incident.contained");
    }

    @Override
    public void close(Viewer viewer, UUID incidentId, String cause, String prevention) {
        Incident incident = changeable(viewer, incidentId, "incident.close");
        String why = text(cause, MAX_TEXT, true);
        String never = text(prevention, MAX_TEXT, true);
        UUID tenant = incident.tenantId();
        int changed = jdbc.sql("update incidents set state = 'CLOSED', closed_at = ?, cause = ?, prevention = ?"
                        + " where id = ? and state <> 'CLOSED'")
                .params(at(clock.instant()), seal(tenant, why, field(incidentId, "cause")),
                        seal(tenant, never, field(incidentId, "prevention")), incidentId).update();
        if (changed == 0) {
            record(viewer, tenant, "incident.close", target(incidentId), AuditEvent.DENIED);
            throw new IncidentRefused(Reason.CLOSED);
        }
        step(viewer, tenant, incidentId, IncidentStep.Kind.CLOSED, IncidentState.CLOSED.name(), null, "incident.close");
    }

    @Override
    public Containment contain(Viewer viewer, UUID incidentId, ContainmentMeasure measure, String target) {
        String action = "incident.contain";
        Incident incident = changeable(viewer, incidentId, action);
        String contained = measure == ContainmentMeasure.DISABLE_DESTINATION ? destination(incident, target)
                : measure != null ? user(viewer, incident, target) : null;
        if (contained == null) {
            record(viewer, incident.tenantId(), action, target(incidentId), AuditEvent.DENIED);
            throw new IncidentRefused(Reason.NO_SUCH_TARGET);
        }
        if (contained.equals(viewer.actor())) {
            record(viewer, incident.tenantId(), action, target(incidentId), AuditEvent.DENIED);
            throw new IncidentRefused(Reason.SELF);
        }
        switch (measure) {
            case SUSPEND_USER -> accounts.suspend(contained.substring("user:".length()));
            case END_SESSIONS -> accounts.endSessions(contained.substring("user:".length()));
            case DISABLE_DESTINATION -> destinations.setEnabled(incident.tenantId(),
                    UUID.fromString(contained.substring("destination:".length())), false, viewer.actor());
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into incident_containments (id, incident_id, measure, target, taken_by, taken_at) values (?, ?, ?, ?, ?, ?)")
                .params(id, incidentId, measure.name(), contained, viewer.actor(), at(clock.instant())).update();
        step(viewer, incident.tenantId(), incidentId, IncidentStep.Kind.CONTAINMENT_TAKEN, measure.name() + " " + contained,
                null, action);
        return findContainment(id).orElseThrow();
    }

    @Override
    public List<DestinationContainment.DestinationRef> destinations(Viewer viewer, UUID incidentId) {
        return destinations.of(reachable(viewer, incidentId, "incident.read").tenantId());
    }

    /** "user:<name>" for an account of the incident's tenant (or a platform user, for a platform officer); else null. */
    private String user(Viewer viewer, Incident incident, String username) {
        Optional<AccountContainment.Account> account = username == null || username.isBlank() || username.length() > 200
                ? Optional.empty() : accounts.account(username.strip());
        boolean inReach = account.isPresent() && (incident.tenantId().equals(account.get().tenantId())
                || account.get().tenantId() == null && viewer.mayOnPlatform(Permissions.INCIDENTS_MANAGE));
        return inReach ? "user:" + account.get().username() : null;
    }

    /** "destination:<id>" for a notification destination of the incident's tenant; else null. */
    private String destination(Incident incident, String id) {
        return destinations.of(incident.tenantId()).stream().map(d -> d.id().toString())
                .filter(d -> d.equals(id)).findFirst().map(d -> "destination:" + d).orElse(null);
    }

    @Override
    public Containment undo(Viewer viewer, UUID incidentId, UUID containmentId) {
        String action = "incident.contain.undo";
        Incident incident = changeable(viewer, incidentId, action);
        Containment taken = containmentId == null ? null : findContainment(containmentId)
                .filter(c -> c.incidentId().equals(incidentId)).orElse(null);
        if (taken == null) {
            record(viewer, incident.tenantId(), action, target(incidentId), AuditEvent.DENIED);
            throw new IncidentRefused(Reason.NO_SUCH_TARGET);
        }
        // one conditional update: two second persons at once cannot both undo, and the taker never can
        int changed = jdbc.sql("update incident_containments set undone_by = ?, undone_at = ?"
                        + " where id = ? and undone_at is null and taken_by <> ?")
                .params(viewer.actor(), at(clock.instant()), containmentId, viewer.actor()).update();
        if (changed == 0) {
            record(viewer, incident.tenantId(), action, target(incidentId), AuditEvent.DENIED);
            throw new IncidentRefused(taken.takenBy().equals(viewer.actor()) ? Reason.SAME_PERSON : Reason.ALREADY_UNDONE);
        }
        switch (taken.measure()) {
            case SUSPEND_USER -> accounts.reinstate(taken.target().substring("user:".length()));
            case DISABLE_DESTINATION -> destinations.setEnabled(incident.tenantId(),
                    UUID.fromString(taken.target().substring("destination:".length())), true, viewer.actor());
            case END_SESSIONS -> {
                // nothing to give back: the user signs in again
            }
        }
        step(viewer, incident.tenantId(), incidentId, IncidentStep.Kind.CONTAINMENT_UNDONE,
                taken.measure().name() + " " + taken.target(), null, action);
        return findContainment(containmentId).orElseThrow();
    }

    /** The incident, if the viewer may handle incidents of its tenant; otherwise absent, like an unknown id. */
    private Incident reachable(Viewer viewer, UUID incidentId, String action) {
        Optional<Incident> incident = incidentId == null ? Optional.empty() : find(incidentId);
        if (incident.isEmpty() || !viewer.may(Permissions.INCIDENTS_MANAGE, incident.get().tenantId())) {
            record(viewer, incident.map(Incident::tenantId).orElse(null), action,
                    incidentId == null ? "incident:?" : target(incidentId), AuditEvent.NOT_FOUND);
            throw new IncidentRefused(Reason.NOT_FOUND);
        }
        return incident.get();
    }

    private Incident changeable(Viewer viewer, UUID incidentId, String action) {
        Incident incident = reachable(viewer, incidentId, action);
        if (incident.closed()) {
            record(viewer, incident.tenantId(), action, target(incidentId), AuditEvent.DENIED);
            throw new IncidentRefused(Reason.CLOSED);
        }
        return incident;
    }

    /** One row of the timeline and one event of the log, for every step. */
    private void step(Viewer viewer, UUID tenant, UUID incidentId, IncidentStep.Kind kind, String detail, String note,
                      String action) {
        UUID id = UUID.randomUUID();
        int seq = jdbc.sql("select coalesce(max(seq), 0) + 1 from incident_steps where incident_id = ?")
                .param(incidentId).query(Integer.class).single();
        jdbc.sql("insert into incident_steps (id, incident_id, seq, at, actor, step, detail, note) values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, incidentId, seq, at(clock.instant()), viewer.actor(), kind.name(), detail,
                        note == null ? null : seal(tenant, note, noteContext(id))).update();
        record(viewer, tenant, action, target(incidentId), AuditEvent.OK);
    }

    /** Stripped text within its limit; line breaks and tabs only where several lines make sense. */
    private static String text(String value, int max, boolean lines) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty() || text.length() > max || text.chars().anyMatch(c -> Character.isISOControl(c)
                && !(lines && (c == '\n' || c == '\r' || c == '\t')))) {
            throw new IncidentRefused(Reason.BAD_INPUT);
        }
        return text;
    }

    private Optional<Incident> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from incidents where id = ?").param(id).query((rs, n) -> map(rs, true)).optional();
    }

    private Optional<Containment> findContainment(UUID id) {
        return jdbc.sql("select " + CONTAINMENT_COLUMNS + " from incident_containments where id = ?").param(id)
                .query(JdbcIncidents::containment).optional();
    }

    private Incident map(ResultSet rs, boolean opened) throws SQLException {
        UUID id = rs.getObject(1, UUID.class);
        UUID tenant = rs.getObject(2, UUID.class);
        return new Incident(id, tenant, IncidentKind.valueOf(rs.getString(3)), rs.getString(4),
                opened ? open(tenant, rs.getBytes(5), field(id, "known")) : null, rs.getBoolean(6), rs.getString(7),
                IncidentState.valueOf(rs.getString(8)), instant(rs, 9), instant(rs, 10), instant(rs, 11),
                opened && rs.getBytes(12) != null ? open(tenant, rs.getBytes(12), field(id, "cause")) : null,
                opened && rs.getBytes(13) != null ? open(tenant, rs.getBytes(13), field(id, "prevention")) : null);
    }

    private static Containment containment(ResultSet rs, int n) throws SQLException {
        return new Containment(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                ContainmentMeasure.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5), instant(rs, 6),
                rs.getString(7), instant(rs, 8));
    }

    private byte[] seal(UUID tenant, String text, String context) {
        return vault.forTenant(tenant).seal(text.getBytes(StandardCharsets.UTF_8), context);
    }

    private String open(UUID tenant, byte[] sealed, String context) {
        return new String(vault.forTenant(tenant).open(sealed, context), StandardCharsets.UTF_8);
    }

    static String field(UUID id, String name) {
        return "incident:" + id + ":" + name;
    }

    static String noteContext(UUID stepId) {
        return "incident-step:" + stepId + ":note";
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private void record(Viewer viewer, UUID tenantId, String action, String target, String result) {
        audit.record(new AuditEvent(viewer.actor(), tenantId, action, target, viewer.sourceAddress(), result));
    }

    private static String target(UUID id) {
        return "incident:" + id;
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
