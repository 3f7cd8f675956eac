package jp.uketsuke.calls;

import java.time.Instant;
import java.util.UUID;

/**
 * A call's record is closed: what notifications, summaries and retention react to. Carries ids only; a listener
 * reads what it needs through {@link CallHistory}, which checks and audits (invariant 2).
 */
public record CallCompleted(UUID callId, UUID tenantId, CallOutcome outcome, Instant endedAt) {
}
