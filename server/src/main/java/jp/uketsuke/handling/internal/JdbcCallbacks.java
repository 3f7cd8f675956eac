package jp.uketsuke.handling.internal;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.handling.CallHandlingChanged.Change;
import jp.uketsuke.handling.Callbacks;
import jp.uketsuke.handling.HandlingRefused;
import jp.uketsuke.handling.ShownCallback;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.redaction.Redactor;
import jp.uketsuke.tenancy.PhoneNumbers;
import jp.uketsuke.vault.CiphertextRejectedException;
import jp.uketsuke.vault.Vault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Table {@code call_callbacks}. The number is sealed under "call:&lt;call&gt;:callback:&lt;id&gt;"; due time, assignee
 * and done are plain so the overdue list and the dashboard's count are plain queries. Done / not done and reassignment
 * are one {@code update … where version = ?} each, like the call's handling.
 */
final class JdbcCallbacks implements Callbacks {

    private static final Logger log = LoggerFactory.getLogger(JdbcCallbacks.class);
    /** A due time further ahead is a typing mistake (a year of 20226), not a plan. */
    static final Duration FURTHEST_DUE = Duration.ofDays(366);
    private static final Instant EARLIEST_DUE = Instant.parse("2000-01-01T00:00:00Z");
    private static final String SELECT = """
            select id, call_id, tenant_id, note_id, due_at, assignee, number, created_by, created_at, done_at, done_by,
                   version from call_callbacks""";

    private final JdbcClient jdbc;
    private final Vault vault;
    private final HandlingAccess access;
    private final Clock clock;

    JdbcCallbacks(JdbcClient jdbc, Vault vault, HandlingAccess access, Clock clock) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.access = access;
        this.clock = clock;
    }

    private record Row(UUID id, UUID callId, UUID tenantId, UUID noteId, Instant dueAt, String assignee, byte[] number,
                       String createdBy, Instant createdAt, Instant doneAt, String doneBy, int version) {

        static Row map(ResultSet rs, int n) throws SQLException {
            OffsetDateTime done = rs.getObject(10, OffsetDateTime.class);
            return new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                    rs.getObject(4, UUID.class), rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getString(6),
                    rs.getBytes(7), rs.getString(8), rs.getObject(9, OffsetDateTime.class).toInstant(),
                    done == null ? null : done.toInstant(), rs.getString(11), rs.getInt(12));
        }
    }

    @Override
    public Optional<List<ShownCallback>> ofCall(Viewer viewer, UUID callId) {
        Optional<UUID> tenant = access.callTenant(viewer, callId, "callback.read");
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        List<Row> rows = jdbc.sql(SELECT + " where call_id = ? and tenant_id = ?"
                        + " order by case when done_at is null then 0 else 1 end, due_at, id limit ?")
                .params(callId, tenant.get(), MAX_LIST).query(Row::map).list();
        return Optional.of(shown(viewer, rows, "callback.read", "call:" + callId, tenant.get()));
    }

    @Override
    public List<ShownCallback> open(Viewer viewer, UUID tenantId, boolean mine, Instant dueBefore, int limit) {
        Set<UUID> tenants = (tenantId == null ? viewer.tenants() : Set.of(tenantId)).stream()
                .filter(t -> viewer.may(Permissions.CALLS_READ, t)).collect(Collectors.toSet());
        if (tenants.isEmpty()) {
            access.record(viewer, tenantId, "callback.list", "tenant:" + tenantId, AuditEvent.DENIED);
            return List.of();
        }
        List<Object> params = new ArrayList<>(tenants);
        String in = String.join(", ", tenants.stream().map(t -> "?").toList());
        String sql = SELECT + " where tenant_id in (" + in + ") and done_at is null and due_at < ?"
                + (mine ? " and assignee = ?" : "") + " order by due_at, id limit ?";
        params.add(OffsetDateTime.ofInstant(dueBefore, ZoneOffset.UTC));
        if (mine) {
            params.add(viewer.actor());
        }
        params.add(Math.clamp(limit, 1, MAX_LIST));
        List<Row> rows = jdbc.sql(sql).params(params).query(Row::map).list();
        return shown(viewer, rows, "callback.list", tenantId == null ? "tenants:" + tenants.size() : "tenant:" + tenantId,
                tenantId);
    }

    @Override
    public int overdueCount(Viewer viewer, UUID tenantId, Instant now) {
        if (!viewer.may(Permissions.CALLS_READ, tenantId)) {
            return 0;
        }
        return jdbc.sql("select count(*) from call_callbacks where tenant_id = ? and done_at is null and due_at < ?")
                .params(tenantId, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).query(Long.class).single().intValue();
    }

    @Override
    public Optional<UUID> create(Viewer viewer, UUID callId, String number, Instant dueAt, String assignee) {
        Optional<UUID> tenant = access.callTenant(viewer, callId, "callback.create");
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        String national = PhoneNumbers.normalise(number);
        if (national.isEmpty()) {
            throw new HandlingRefused(HandlingRefused.Reason.NUMBER, "The callback number is not a phone number");
        }
        String chosen = assignee == null || assignee.isBlank() ? viewer.actor() : access.assignee(tenant.get(), assignee);
        UUID id = insert(callId, tenant.get(), null, national, dueAt, chosen, viewer.actor());
        access.record(viewer, tenant.get(), "callback.create", "call:" + callId + " callback:" + id, AuditEvent.OK);
        access.changed(callId, tenant.get(), Change.CALLBACK, viewer);
        return Optional.of(id);
    }

    /** Writes a task; the caller has checked the viewer, the assignee and the number. */
    UUID insert(UUID callId, UUID tenantId, UUID noteId, String number, Instant dueAt, String assignee, String author) {
        Instant now = clock.instant();
        if (dueAt == null || dueAt.isBefore(EARLIEST_DUE) || dueAt.isAfter(now.plus(FURTHEST_DUE))) {
            throw new HandlingRefused(HandlingRefused.Reason.DUE, "A callback is due within a year");
        }
        UUID id = UUID.randomUUID();
        byte[] sealed = number == null ? null
                : vault.forTenant(tenantId).seal(number.getBytes(StandardCharsets.UTF_8), context(callId, id));
        jdbc.sql("""
                        insert into call_callbacks (id, call_id, tenant_id, note_id, due_at, assignee, number, created_by,
                                                    created_at, version)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""")
                .params(id, callId, tenantId, noteId, OffsetDateTime.ofInstant(dueAt, ZoneOffset.UTC), assignee,
                        Sql.binary(sealed), author, OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .update();
        return id;
    }

    @Override
    public Optional<ShownCallback> markDone(Viewer viewer, UUID taskId, int version, boolean done) {
        String action = done ? "callback.done" : "callback.reopen";
        Optional<HandlingAccess.TaskRef> task = access.task(viewer, taskId, action);
        if (task.isEmpty()) {
            return Optional.empty();
        }
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        int updated = jdbc.sql("update call_callbacks set done_at = ?, done_by = ?, version = version + 1 where id = ? and version = ?")
                .params(done ? now : null, done ? viewer.actor() : null, taskId, version).update();
        return changed(viewer, task.get(), updated, action, "callback:" + taskId);
    }

    @Override
    public Optional<ShownCallback> assign(Viewer viewer, UUID taskId, int version, String assignee) {
        String action = "callback.assign";
        Optional<HandlingAccess.TaskRef> task = access.task(viewer, taskId, action);
        if (task.isEmpty()) {
            return Optional.empty();
        }
        String chosen = access.assignee(task.get().tenantId(), assignee);
        int updated = jdbc.sql("update call_callbacks set assignee = ?, version = version + 1 where id = ? and version = ?")
                .params(chosen, taskId, version).update();
        return changed(viewer, task.get(), updated, action, "callback:" + taskId + " assignee:" + (chosen == null ? "-" : chosen));
    }

    private Optional<ShownCallback> changed(Viewer viewer, HandlingAccess.TaskRef task, int updated, String action,
                                            String target) {
        if (updated == 0) {
            throw access.stale(viewer, task.tenantId(), action, target);
        }
        access.record(viewer, task.tenantId(), action, target, AuditEvent.OK);
        access.changed(task.callId(), task.tenantId(), Change.CALLBACK, viewer);
        Row row = jdbc.sql(SELECT + " where id = ?").param(task.id()).query(Row::map).single();
        // the answer shows the number: that read is audited as any other
        return Optional.of(shown(viewer, List.of(row), "callback.read", "callback:" + task.id(), task.tenantId()).getFirst());
    }

    /** Decrypts and masks per tenant, then audits the read (once per list) before returning. */
    private List<ShownCallback> shown(Viewer viewer, List<Row> rows, String action, String target, UUID auditTenant) {
        boolean allUnredacted = true;
        List<ShownCallback> shown = new ArrayList<>(rows.size());
        for (Row r : rows) {
            boolean unredacted = viewer.may(Permissions.TRANSCRIPTS_UNREDACTED, r.tenantId());
            allUnredacted &= unredacted;
            String number = null;
            if (r.number() != null) {
                try {
                    number = new String(vault.forTenant(r.tenantId()).open(r.number(), context(r.callId(), r.id())),
                            StandardCharsets.UTF_8);
                    number = unredacted ? number : Redactor.redact(number);
                } catch (CiphertextRejectedException e) {
                    // one damaged row must not hide the whole list; it shows without a number and is reported
                    log.warn("Callback number of task {} did not authenticate", r.id());
                }
            }
            shown.add(new ShownCallback(r.id(), r.callId(), r.tenantId(), r.noteId(), r.dueAt(), r.assignee(), number,
                    r.createdBy(), r.createdAt(), r.doneAt(), r.doneBy(), r.version(), !unredacted));
        }
        boolean anyNumber = rows.stream().anyMatch(r -> r.number() != null);
        access.record(viewer, auditTenant, action + (anyNumber && allUnredacted ? ".unredacted" : ""), target,
                AuditEvent.OK);
        return shown;
    }

    static String context(UUID callId, UUID taskId) {
        return "call:" + callId + ":callback:" + taskId;
    }
}
