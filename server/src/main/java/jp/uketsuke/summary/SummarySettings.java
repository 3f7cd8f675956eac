package jp.uketsuke.summary;

import java.util.UUID;
import jp.uketsuke.identity.Viewer;

/**
 * A tenant's choice for the LLM summariser (S8): whether what its callers said may be sent to it without masking.
 * Off unless someone with {@code settings:manage} turns it on; every change is audited.
 */
public interface SummarySettings {

    /** Requires {@code settings:manage} in the tenant (throws {@link SecurityException} otherwise, audited). */
    boolean sendsUnredacted(Viewer viewer, UUID tenantId);

    /** Requires {@code settings:manage} in the tenant; audited as "settings.summary.unredacted.on/off". */
    void setSendsUnredacted(Viewer viewer, UUID tenantId, boolean unredacted);

    /** Whether an LLM summariser is configured at all: the setting does nothing without one. */
    boolean llmConfigured();
}
