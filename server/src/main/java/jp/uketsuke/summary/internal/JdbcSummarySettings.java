package jp.uketsuke.summary.internal;

import java.time.Clock;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.summary.SummarySettings;

/** The tenant's "send unredacted text to the LLM summariser" choice, checked and audited here for every caller. */
final class JdbcSummarySettings implements SummarySettings {

    private final JdbcSummaryStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final boolean llmConfigured;

    JdbcSummarySettings(JdbcSummaryStore store, AuditLog audit, Clock clock, boolean llmConfigured) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.llmConfigured = llmConfigured;
    }

    @Override
    public boolean sendsUnredacted(Viewer viewer, UUID tenantId) {
        permitted(viewer, tenantId, "settings.summary.read");
        return store.sendsUnredacted(tenantId);
    }

    @Override
    public void setSendsUnredacted(Viewer viewer, UUID tenantId, boolean unredacted) {
        String action = "settings.summary.unredacted." + (unredacted ? "on" : "off");
        permitted(viewer, tenantId, action);
        if (store.sendsUnredacted(tenantId) == unredacted) {
            return;
        }
        store.setSendsUnredacted(tenantId, unredacted, viewer.actor(), clock.instant());
        audit.record(new AuditEvent(viewer.actor(), tenantId, action, "tenant:" + tenantId, viewer.sourceAddress(),
                AuditEvent.OK));
    }

    @Override
    public boolean llmConfigured() {
        return llmConfigured;
    }

    private void permitted(Viewer viewer, UUID tenantId, String action) {
        if (!viewer.may(Permissions.SETTINGS_MANAGE, tenantId)) {
            audit.record(new AuditEvent(viewer.actor(), tenantId, action, "tenant:" + tenantId, viewer.sourceAddress(),
                    AuditEvent.DENIED));
            throw new SecurityException("settings:manage is needed in this tenant");
        }
    }
}
