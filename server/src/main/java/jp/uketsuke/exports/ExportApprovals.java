package jp.uketsuke.exports;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jp.uketsuke.identity.Viewer;

/**
 * Export control (S9): a tenant's optional four-eyes rule for bulk exports of its calls. With it on, an export is a
 * request that a second holder of {@code calls:export} in the tenant (never the requester) approves or rejects; only
 * then may the requester download it, once, within {@link #DOWNLOAD_WINDOW}. With it off, holders of
 * {@code calls:export} download directly. Every step, and every refused step, is audited; ids out of the viewer's
 * reach are {@link ExportRefused.Reason#NOT_FOUND}. Recordings are never part of an export.
 */
public interface ExportApprovals {

    /** How long a request waits for a decision before it expires. */
    Duration DECISION_WINDOW = Duration.ofDays(7);
    /** How long an approved export may be downloaded. */
    Duration DOWNLOAD_WINDOW = Duration.ofHours(24);
    /** The longest reason kept. */
    int MAX_REASON_LENGTH = 500;

    /** Whether the tenant requires approval for exports; not personal data, so no permission is checked. */
    boolean fourEyes(UUID tenantId);

    /** Requires {@code settings:manage} in the tenant; audited as "settings.export-four-eyes.on/off". */
    void setFourEyes(Viewer viewer, UUID tenantId, boolean on);

    /**
     * For a direct download: refused (and audited as "export.direct", denied) with
     * {@link ExportRefused.Reason#APPROVAL_REQUIRED} when the tenant requires approval. Permission and period are
     * checked by the export itself.
     */
    void allowDirect(Viewer viewer, UUID tenantId);

    /**
     * Asks to export [{@code from}, {@code to}); requires {@code calls:export} in the tenant. Audited as
     * "export.request".
     *
     * @throws IllegalArgumentException when the period is empty, reversed or longer than an export may be
     */
    ExportRequest request(Viewer viewer, UUID tenantId, Instant from, Instant to, int maxRows, String reason);

    /**
     * The tenant's requests of the last 30 days and those still open, newest first, reasons opened;
     * requires {@code calls:export} in the tenant. Audited as "export.list".
     */
    List<ExportRequest> requests(Viewer viewer, UUID tenantId);

    /** By a holder of {@code calls:export} in the request's tenant other than its requester. Audited. */
    ExportRequest approve(Viewer viewer, UUID requestId);

    /** As {@link #approve}, but the request will never be downloaded. Audited. */
    ExportRequest reject(Viewer viewer, UUID requestId);

    /**
     * Spends the request's one download: only its requester, still holding {@code calls:export}, after approval and
     * before expiry. Audited as "export.download"; the caller then writes the export.
     */
    ExportRequest claimDownload(Viewer viewer, UUID requestId);
}
