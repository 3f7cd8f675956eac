package jp.uketsuke.sms.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.sms.CallTextMessages;
import jp.uketsuke.sms.TextMessage;
import jp.uketsuke.tenancy.PhoneNumbers;
import jp.uketsuke.vault.CiphertextRejectedException;

/**
 * A call's messages for staff: permission and tenant first, then destination and text are opened (the number only to
 * be masked), then the read is written to the operation log, and only then returned.
 */
final class JdbcCallTextMessages implements CallTextMessages {

    private final TextMessageRows rows;
    private final AuditLog audit;

    JdbcCallTextMessages(TextMessageRows rows, AuditLog audit) {
        this.rows = rows;
        this.audit = audit;
    }

    @Override
    public List<TextMessage> ofCall(Viewer viewer, UUID callId) {
        if (callId == null) {
            return List.of();
        }
        List<TextMessageRows.Row> found = rows.ofCall(callId);
        if (found.isEmpty()) {
            return List.of();
        }
        UUID tenant = found.getFirst().tenantId();
        String target = "call:" + callId;
        if (!viewer.may(Permissions.CALLS_READ, tenant)) {
            record(viewer, tenant, target, AuditEvent.DENIED);
            return List.of();
        }
        List<TextMessage> out = new ArrayList<>(found.size());
        try {
            for (TextMessageRows.Row row : found) {
                out.add(new TextMessage(row.id(), row.createdAt(), rows.openBody(row),
                        PhoneNumbers.mask(rows.openDestination(row)), row.status(), row.attempts(), row.lastError(),
                        row.updatedAt()));
            }
        } catch (CiphertextRejectedException e) {
            record(viewer, tenant, target, AuditEvent.ERROR);
            throw e;
        }
        record(viewer, tenant, target, AuditEvent.OK);
        return out;
    }

    private void record(Viewer viewer, UUID tenant, String target, String result) {
        audit.record(new AuditEvent(viewer.actor(), tenant, "sms.read", target, viewer.sourceAddress(), result));
    }
}
