package jp.uketsuke.summary.internal;

import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.redaction.Redactor;
import jp.uketsuke.summary.CallSummaries;
import jp.uketsuke.summary.ShownSummary;
import jp.uketsuke.summary.Summary;
import jp.uketsuke.vault.CiphertextRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Summaries for the console and API: {@code calls:read} in the call's tenant first, then decrypted, then audited
 * ("summary.read"), then returned — masked (S8) for a viewer without {@code transcripts:unredacted}: the number as
 * {@link Redactor} masks it in transcripts, the name withheld.
 */
final class JdbcCallSummaries implements CallSummaries {

    private static final Logger log = LoggerFactory.getLogger(JdbcCallSummaries.class);

    private final JdbcSummaryStore store;
    private final AuditLog audit;

    JdbcCallSummaries(JdbcSummaryStore store, AuditLog audit) {
        this.store = store;
        this.audit = audit;
    }

    @Override
    public Optional<ShownSummary> find(Viewer viewer, UUID callId) {
        String target = "call:" + callId;
        Optional<UUID> tenant = callId == null ? Optional.empty() : store.tenantOf(callId);
        if (tenant.isEmpty()) {
            record(viewer, null, target, AuditEvent.NOT_FOUND);
            return Optional.empty();
        }
        UUID tenantId = tenant.get();
        if (!viewer.may(Permissions.CALLS_READ, tenantId)) {
            record(viewer, tenantId, target, AuditEvent.DENIED);
            return Optional.empty();
        }
        Summary summary;
        try {
            summary = store.read(callId, tenantId).orElse(null);
        } catch (CiphertextRejectedException e) {
            // a damaged summary must not hide the call it belongs to; it is reported and left out
            log.warn("Summary of call {} did not authenticate", callId);
            record(viewer, tenantId, target, AuditEvent.ERROR);
            return Optional.empty();
        }
        if (summary == null) {
            record(viewer, tenantId, target, AuditEvent.NOT_FOUND);
            return Optional.empty();
        }
        boolean unredacted = viewer.may(Permissions.TRANSCRIPTS_UNREDACTED, tenantId);
        ShownSummary shown = new ShownSummary(summary.category(),
                unredacted ? summary.callerName() : null,
                unredacted || summary.callbackNumber() == null ? summary.callbackNumber() : Redactor.redact(summary.callbackNumber()),
                summary.requested(), summary.urgency(), summary.method(),
                !unredacted, !unredacted && summary.callerName() != null);
        record(viewer, tenantId, target, AuditEvent.OK);
        return Optional.of(shown);
    }

    private void record(Viewer viewer, UUID tenantId, String target, String result) {
        audit.record(new AuditEvent(viewer.actor(), tenantId, "summary.read", target, viewer.sourceAddress(), result));
    }
}
