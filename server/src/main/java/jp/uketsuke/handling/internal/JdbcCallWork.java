package jp.uketsuke.handling.internal;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.calls.CallStatus;
import jp.uketsuke.handling.CallHandling;
import jp.uketsuke.handling.CallHandlingChanged.Change;
import jp.uketsuke.handling.CallWork;
import jp.uketsuke.handling.HandlingRefused;
import jp.uketsuke.handling.Tags;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.TenantStaff;
import jp.uketsuke.identity.Viewer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Status, assignee and tags in {@code calls} (V17) and {@code call_tags}. Optimistic concurrency: every change is one
 * {@code update … where handling_version = ?} that also adds one to the version, so of two people acting on the same
 * page one wins and the other is told, never silently overwritten; tag rows change in the same transaction.
 */
final class JdbcCallWork implements CallWork {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final HandlingAccess access;
    private final Clock clock;

    JdbcCallWork(JdbcClient jdbc, TransactionTemplate transactions, HandlingAccess access, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.access = access;
        this.clock = clock;
    }

    @Override
    public Optional<CallHandling> handling(Viewer viewer, UUID callId) {
        if (callId == null) {
            return Optional.empty();
        }
        Optional<CallHandling> found = read(callId);
        // status, assignee and tags are what staff did, not personal data: a read is not audited, only checked
        return found.filter(h -> viewer.may(Permissions.CALLS_READ, h.tenantId()));
    }

    @Override
    public Optional<CallHandling> moveTo(Viewer viewer, UUID callId, int version, CallStatus status) {
        Objects.requireNonNull(status, "status");
        String action = "call.status";
        Optional<UUID> tenant = access.callTenant(viewer, callId, action);
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        String target = "call:" + callId + " status:" + status;
        CallHandling now = read(callId).orElseThrow();
        if (now.version() != version) {
            throw access.stale(viewer, tenant.get(), action, target);
        }
        if (!CallHandling.mayMove(now.status(), status)) {
            throw new HandlingRefused(HandlingRefused.Reason.TRANSITION,
                    "A call moves from " + now.status() + " to " + status + " only through the workflow");
        }
        int updated = jdbc.sql("""
                        update calls set status = ?, status_changed_at = ?, handling_version = handling_version + 1
                        where id = ? and handling_version = ?""")
                .params(status.name(), OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), callId, version)
                .update();
        return done(viewer, callId, tenant.get(), updated, action, target, Change.STATUS);
    }

    @Override
    public Optional<CallHandling> assign(Viewer viewer, UUID callId, int version, String assignee) {
        String action = "call.assign";
        Optional<UUID> tenant = access.callTenant(viewer, callId, action);
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        String chosen = access.assignee(tenant.get(), assignee);
        // the assignee is a user id, as audit targets name users elsewhere
        String target = "call:" + callId + " assignee:" + (chosen == null ? "-" : chosen);
        int updated = jdbc.sql("update calls set assignee = ?, handling_version = handling_version + 1 where id = ? and handling_version = ?")
                .params(chosen, callId, version).update();
        return done(viewer, callId, tenant.get(), updated, action, target, Change.ASSIGNEE);
    }

    @Override
    public Optional<CallHandling> tag(Viewer viewer, UUID callId, int version, String tag) {
        String action = "call.tag.add";
        Optional<UUID> tenant = access.callTenant(viewer, callId, action);
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        String normal = Tags.normalise(tag);
        // the tag's words are staff's, but may name someone: they stay out of the operation log
        String target = "call:" + callId;
        Integer updated = transactions.execute(tx -> {
            List<String> tags = tags(callId);
            if (!tags.contains(normal) && tags.size() >= Tags.MAX_PER_CALL) {
                throw new HandlingRefused(HandlingRefused.Reason.TOO_MANY_TAGS,
                        "A call has at most " + Tags.MAX_PER_CALL + " tags");
            }
            int bumped = bump(callId, version);
            if (bumped == 1 && !tags.contains(normal)) {
                // the call's start beside the tag lets the call list's tag filter walk the tag's index in list order
                jdbc.sql("""
                                insert into call_tags (call_id, tenant_id, tag, started_at)
                                select id, tenant_id, cast(? as varchar(40)), started_at from calls where id = ? and tenant_id = ?""")
                        .params(normal, callId, tenant.get()).update();
            }
            return bumped;
        });
        return done(viewer, callId, tenant.get(), updated, action, target, Change.TAGS);
    }

    @Override
    public Optional<CallHandling> untag(Viewer viewer, UUID callId, int version, String tag) {
        String action = "call.tag.remove";
        Optional<UUID> tenant = access.callTenant(viewer, callId, action);
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        String normal = Tags.normalise(tag);
        Integer updated = transactions.execute(tx -> {
            int bumped = bump(callId, version);
            if (bumped == 1) {
                jdbc.sql("delete from call_tags where call_id = ? and tag = ?").params(callId, normal).update();
            }
            return bumped;
        });
        return done(viewer, callId, tenant.get(), updated, action, "call:" + callId, Change.TAGS);
    }

    @Override
    public List<TenantStaff.Member> assignees(Viewer viewer, UUID tenantId) {
        return viewer.may(Permissions.CALLS_READ, tenantId)
                ? access.staff().holding(Permissions.CALLS_READ, tenantId) : List.of();
    }

    @Override
    public List<String> tenantTags(Viewer viewer, UUID tenantId) {
        if (!viewer.may(Permissions.CALLS_READ, tenantId)) {
            return List.of();
        }
        return jdbc.sql("select tag from call_tags where tenant_id = ? group by tag order by count(*) desc, tag limit 200")
                .param(tenantId).query(String.class).list();
    }

    private int bump(UUID callId, int version) {
        return jdbc.sql("update calls set handling_version = handling_version + 1 where id = ? and handling_version = ?")
                .params(callId, version).update();
    }

    private Optional<CallHandling> done(Viewer viewer, UUID callId, UUID tenantId, Integer updated, String action,
                                        String target, Change change) {
        if (updated == null || updated == 0) {
            throw access.stale(viewer, tenantId, action, target);
        }
        access.record(viewer, tenantId, action, target, AuditEvent.OK);
        access.changed(callId, tenantId, change, viewer);
        return read(callId);
    }

    private Optional<CallHandling> read(UUID callId) {
        record Row(UUID tenantId, String status, String assignee, OffsetDateTime changedAt, int version) {
        }
        return jdbc.sql("select tenant_id, status, assignee, status_changed_at, handling_version from calls where id = ?")
                .param(callId)
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class), rs.getInt(5)))
                .optional()
                .map(r -> new CallHandling(callId, r.tenantId(), CallStatus.valueOf(r.status()), r.assignee(),
                        tags(callId), r.version(), r.changedAt() == null ? null : r.changedAt().toInstant()));
    }

    private List<String> tags(UUID callId) {
        return jdbc.sql("select tag from call_tags where call_id = ? order by tag").param(callId).query(String.class).list();
    }
}
