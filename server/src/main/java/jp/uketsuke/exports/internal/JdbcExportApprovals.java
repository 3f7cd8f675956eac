package jp.uketsuke.exports.internal;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.exports.ExportApprovals;
import jp.uketsuke.exports.ExportRefused;
import jp.uketsuke.exports.ExportRefused.Reason;
import jp.uketsuke.exports.ExportRequest;
import jp.uketsuke.exports.ExportState;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.vault.Vault;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tables {@code export_settings} and {@code export_requests}. Each step is one conditional UPDATE, so two approvers, or
 * two downloads at once, cannot both succeed; when it changes nothing, the row is read again to say why. The reason is
 * sealed with the tenant's key (invariant 1); targets in the log are request ids, never reasons.
 */
final class JdbcExportApprovals implements ExportApprovals {

    private static final String COLUMNS = "id, tenant_id, requester, period_from, period_to, max_rows, reason, state,"
            + " requested_at, decided_by, decided_at, download_expires_at, downloaded_at";

    /** How long decided requests stay on the export page; the operation log keeps them for good. */
    private static final Duration SHOWN_FOR = Duration.ofDays(30);

    private final JdbcClient jdbc;
    private final Vault vault;
    private final AuditLog audit;
    private final Clock clock;

    JdbcExportApprovals(JdbcClient jdbc, Vault vault, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public boolean fourEyes(UUID tenantId) {
        return tenantId != null && jdbc.sql("select four_eyes from export_settings where tenant_id = ?").param(tenantId)
                .query(Boolean.class).optional().orElse(false);
    }

    @Override
    public void setFourEyes(Viewer viewer, UUID tenantId, boolean on) {
        String action = "settings.export-four-eyes." + (on ? "on" : "off");
        if (!viewer.may(Permissions.SETTINGS_MANAGE, tenantId)) {
            record(viewer, tenantId, action, "tenant:" + tenantId, AuditEvent.DENIED);
            throw new ExportRefused(Reason.NOT_FOUND);
        }
        if (fourEyes(tenantId) == on) {
            return;
        }
        OffsetDateTime now = at(clock.instant());
        int updated = jdbc.sql("update export_settings set four_eyes = ?, changed_at = ?, changed_by = ? where tenant_id = ?")
                .params(on, now, viewer.actor(), tenantId).update();
        if (updated == 0) {
            jdbc.sql("insert into export_settings (tenant_id, four_eyes, changed_at, changed_by) values (?, ?, ?, ?)")
                    .params(tenantId, on, now, viewer.actor()).update();
        }
        record(viewer, tenantId, action, "tenant:" + tenantId, AuditEvent.OK);
    }

    @Override
    public void allowDirect(Viewer viewer, UUID tenantId) {
        if (fourEyes(tenantId)) {
            record(viewer, tenantId, "export.direct", "tenant:" + tenantId, AuditEvent.DENIED);
            throw new ExportRefused(Reason.APPROVAL_REQUIRED);
        }
    }

    @Override
    public ExportRequest request(Viewer viewer, UUID tenantId, Instant from, Instant to, int maxRows, String reason) {
        if (!viewer.may(Permissions.CALLS_EXPORT, tenantId)) {
            record(viewer, tenantId, "export.request", "tenant:" + tenantId, AuditEvent.DENIED);
            throw new ExportRefused(Reason.NOT_FOUND);
        }
        if (from == null || to == null || !from.isBefore(to)) {
            throw new IllegalArgumentException("The period must begin before it ends");
        }
        if (Duration.between(from, to).compareTo(CallHistory.MAX_EXPORT_PERIOD) > 0) {
            throw new IllegalArgumentException("An export covers at most " + CallHistory.MAX_EXPORT_PERIOD.toDays() + " days");
        }
        if (maxRows < 1 || maxRows > CallHistory.MAX_EXPORT_ROWS) {
            throw new IllegalArgumentException("An export holds 1 to " + CallHistory.MAX_EXPORT_ROWS + " calls");
        }
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > MAX_REASON_LENGTH || why.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw new ExportRefused(Reason.BAD_REASON);
        }
        UUID id = UUID.randomUUID();
        byte[] sealed = vault.forTenant(tenantId).seal(why.getBytes(StandardCharsets.UTF_8), reasonContext(id));
        jdbc.sql("insert into export_requests (id, tenant_id, requester, period_from, period_to, max_rows, reason, state,"
                        + " requested_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, tenantId, viewer.actor(), at(from), at(to), maxRows, sealed, ExportState.REQUESTED.name(),
                        at(clock.instant())).update();
        record(viewer, tenantId, "export.request", target(id), AuditEvent.OK);
        return find(id).orElseThrow();
    }

    @Override
    public List<ExportRequest> requests(Viewer viewer, UUID tenantId) {
        if (!viewer.may(Permissions.CALLS_EXPORT, tenantId)) {
            record(viewer, tenantId, "export.list", "tenant:" + tenantId, AuditEvent.DENIED);
            throw new ExportRefused(Reason.NOT_FOUND);
        }
        expireOverdue(tenantId);
        Instant now = clock.instant();
        List<ExportRequest> found = jdbc.sql("select " + COLUMNS + " from export_requests where tenant_id = ?"
                        + " and (requested_at >= ? or state in ('REQUESTED', 'APPROVED')) order by requested_at desc, id limit 200")
                .params(tenantId, at(now.minus(SHOWN_FOR))).query(this::map).list();
        // the reasons are a person's words: reading them is recorded like any other read
        record(viewer, tenantId, "export.list", "tenant:" + tenantId, AuditEvent.OK);
        return found;
    }

    @Override
    public ExportRequest approve(Viewer viewer, UUID requestId) {
        return decide(viewer, requestId, ExportState.APPROVED, "export.approve");
    }

    @Override
    public ExportRequest reject(Viewer viewer, UUID requestId) {
        return decide(viewer, requestId, ExportState.REJECTED, "export.reject");
    }

    private ExportRequest decide(Viewer viewer, UUID requestId, ExportState decision, String action) {
        ExportRequest request = reachable(viewer, requestId, action);
        Instant now = clock.instant();
        Instant downloadUntil = decision == ExportState.APPROVED ? now.plus(DOWNLOAD_WINDOW) : null;
        int changed = jdbc.sql("""
                        update export_requests set state = ?, decided_by = ?, decided_at = ?, download_expires_at = ?
                        where id = ? and state = 'REQUESTED' and requester <> ? and requested_at > ?""")
                .params(decision.name(), viewer.actor(), at(now), downloadUntil == null ? null : at(downloadUntil),
                        requestId, viewer.actor(), at(now.minus(DECISION_WINDOW))).update();
        if (changed == 1) {
            record(viewer, request.tenantId(), action, target(requestId), AuditEvent.OK);
            return find(requestId).orElseThrow();
        }
        Reason why = request.requester().equals(viewer.actor()) ? Reason.OWN_REQUEST
                : request.state() == ExportState.REQUESTED && expired(request, now) ? Reason.EXPIRED
                : request.state() == ExportState.EXPIRED ? Reason.EXPIRED : Reason.ALREADY_DECIDED;
        record(viewer, request.tenantId(), action, target(requestId), AuditEvent.DENIED);
        throw new ExportRefused(why);
    }

    @Override
    public ExportRequest claimDownload(Viewer viewer, UUID requestId) {
        ExportRequest request = reachable(viewer, requestId, "export.download");
        Instant now = clock.instant();
        int changed = request.requester().equals(viewer.actor()) ? jdbc.sql("""
                        update export_requests set state = 'DOWNLOADED', downloaded_at = ?
                        where id = ? and state = 'APPROVED' and requester = ? and download_expires_at > ?""")
                .params(at(now), requestId, viewer.actor(), at(now)).update() : 0;
        if (changed == 1) {
            record(viewer, request.tenantId(), "export.download", target(requestId), AuditEvent.OK);
            return find(requestId).orElseThrow();
        }
        ExportRequest current = find(requestId).orElseThrow();
        Reason why = !current.requester().equals(viewer.actor()) ? Reason.NOT_REQUESTER
                : switch (current.state()) {
                    case REQUESTED -> expired(current, now) ? Reason.EXPIRED : Reason.NOT_APPROVED;
                    case REJECTED -> Reason.REJECTED;
                    case DOWNLOADED -> Reason.ALREADY_DOWNLOADED;
                    case APPROVED, EXPIRED -> Reason.EXPIRED;
                };
        record(viewer, request.tenantId(), "export.download", target(requestId), AuditEvent.DENIED);
        throw new ExportRefused(why);
    }

    /** The request, if the viewer holds calls:export in its tenant; otherwise absent, like an unknown id. */
    private ExportRequest reachable(Viewer viewer, UUID requestId, String action) {
        Optional<ExportRequest> request = find(requestId);
        if (request.isEmpty() || !viewer.may(Permissions.CALLS_EXPORT, request.get().tenantId())) {
            // in the log of the tenant whose request was tried, as other refused reads are
            record(viewer, request.map(ExportRequest::tenantId).orElse(null), action, target(requestId), AuditEvent.NOT_FOUND);
            throw new ExportRefused(Reason.NOT_FOUND);
        }
        return request.get();
    }

    private static boolean expired(ExportRequest request, Instant now) {
        return !request.requestedAt().isAfter(now.minus(DECISION_WINDOW));
    }

    /** Requests left undecided, or approved and not downloaded, past their time: marked so, for the list to say. */
    private void expireOverdue(UUID tenantId) {
        Instant now = clock.instant();
        jdbc.sql("""
                        update export_requests set state = 'EXPIRED' where tenant_id = ?
                        and ((state = 'REQUESTED' and requested_at <= ?) or (state = 'APPROVED' and download_expires_at <= ?))""")
                .params(tenantId, at(now.minus(DECISION_WINDOW)), at(now)).update();
    }

    private Optional<ExportRequest> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from export_requests where id = ?").param(id).query(this::map).optional();
    }

    private ExportRequest map(ResultSet rs, int n) throws SQLException {
        UUID id = rs.getObject(1, UUID.class);
        UUID tenantId = rs.getObject(2, UUID.class);
        String reason = new String(vault.forTenant(tenantId).open(rs.getBytes(7), reasonContext(id)), StandardCharsets.UTF_8);
        return new ExportRequest(id, tenantId, rs.getString(3), instant(rs, 4), instant(rs, 5), rs.getInt(6), reason,
                ExportState.valueOf(rs.getString(8)), instant(rs, 9), rs.getString(10), instant(rs, 11), instant(rs, 12),
                instant(rs, 13));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private void record(Viewer viewer, UUID tenantId, String action, String target, String result) {
        audit.record(new AuditEvent(viewer.actor(), tenantId, action, target, viewer.sourceAddress(), result));
    }

    static String reasonContext(UUID id) {
        return "export-request:" + id + ":reason";
    }

    private static String target(UUID id) {
        return "export-request:" + id;
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
