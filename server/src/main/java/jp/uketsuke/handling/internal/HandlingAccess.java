package jp.uketsuke.handling.internal;

import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.handling.CallHandlingChanged;
import jp.uketsuke.handling.HandlingRefused;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.TenantStaff;
import jp.uketsuke.identity.Viewer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What every change and read of the module does first and last: find the call's tenant, check {@code calls:read}
 * there (a call the viewer may not see is audited and reported absent, like one that does not exist), write the audit
 * event, publish the change.
 */
final class HandlingAccess {

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final TenantStaff staff;
    private final ApplicationEventPublisher events;

    HandlingAccess(JdbcClient jdbc, AuditLog audit, TenantStaff staff, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.staff = staff;
        this.events = events;
    }

    /** The call's tenant when the viewer may read its calls; audits {@code action} as not found or denied otherwise. */
    Optional<UUID> callTenant(Viewer viewer, UUID callId, String action) {
        Optional<UUID> tenant = callId == null ? Optional.empty()
                : jdbc.sql("select tenant_id from calls where id = ?").param(callId).query(UUID.class).optional();
        return checked(viewer, tenant, action, "call:" + callId);
    }

    /** The task's call and tenant when the viewer may read the tenant's calls. */
    Optional<TaskRef> task(Viewer viewer, UUID taskId, String action) {
        Optional<TaskRef> task = taskId == null ? Optional.empty()
                : jdbc.sql("select call_id, tenant_id from call_callbacks where id = ?").param(taskId)
                .query((rs, n) -> new TaskRef(taskId, rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                .optional();
        Optional<UUID> tenant = checked(viewer, task.map(TaskRef::tenantId), action, "callback:" + taskId);
        return tenant.isEmpty() ? Optional.empty() : task;
    }

    record TaskRef(UUID id, UUID callId, UUID tenantId) {
    }

    private Optional<UUID> checked(Viewer viewer, Optional<UUID> tenant, String action, String target) {
        if (tenant.isEmpty()) {
            record(viewer, null, action, target, AuditEvent.NOT_FOUND);
            return Optional.empty();
        }
        if (!viewer.may(Permissions.CALLS_READ, tenant.get())) {
            record(viewer, tenant.get(), action, target, AuditEvent.DENIED);
            return Optional.empty();
        }
        return tenant;
    }

    /** Null or blank: nobody. Otherwise one of the tenant's staff holding {@code calls:read}, or refused. */
    String assignee(UUID tenantId, String actor) {
        if (actor == null || actor.isBlank()) {
            return null;
        }
        String wanted = actor.strip();
        return staff.holding(Permissions.CALLS_READ, tenantId).stream().map(TenantStaff.Member::actor)
                .filter(wanted::equals).findFirst()
                .orElseThrow(() -> new HandlingRefused(HandlingRefused.Reason.ASSIGNEE,
                        "Only the tenant's staff who may read its calls can be given a call"));
    }

    TenantStaff staff() {
        return staff;
    }

    void record(Viewer viewer, UUID tenantId, String action, String target, String result) {
        audit.record(new AuditEvent(viewer.actor(), tenantId, action, target, viewer.sourceAddress(), result));
    }

    /** A stale version is audited too: it shows two people working the same call at once. */
    HandlingRefused stale(Viewer viewer, UUID tenantId, String action, String target) {
        record(viewer, tenantId, action, target, "stale");
        return new HandlingRefused(HandlingRefused.Reason.STALE, "Changed by someone else meanwhile");
    }

    void changed(UUID callId, UUID tenantId, CallHandlingChanged.Change change, Viewer viewer) {
        events.publishEvent(new CallHandlingChanged(callId, tenantId, change, viewer.actor()));
    }
}
