package jp.uketsuke.exports;

import java.time.Instant;
import java.util.UUID;

/**
 * A request to export a period of a tenant's calls (S9), as its readers see it.
 *
 * @param requester         the actor who asked, e.g. "user:tanaka"
 * @param from              the first instant of the period
 * @param to                the first instant after it
 * @param reason            why, in the requester's words (sealed at rest)
 * @param decidedBy         who approved or rejected it; null until then
 * @param downloadExpiresAt until when an approved request may be downloaded; null unless approved
 */
public record ExportRequest(UUID id, UUID tenantId, String requester, Instant from, Instant to, int maxRows,
                            String reason, ExportState state, Instant requestedAt, String decidedBy, Instant decidedAt,
                            Instant downloadExpiresAt, Instant downloadedAt) {
}
