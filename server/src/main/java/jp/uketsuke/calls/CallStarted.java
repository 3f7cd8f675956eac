package jp.uketsuke.calls;

import java.time.Instant;
import java.util.UUID;

/**
 * A call's record was opened: the call is in progress. Ids only, like {@link CallCompleted}; what the console's live
 * call list reacts to, so that staff see a call while it is still going on.
 */
public record CallStarted(UUID callId, UUID tenantId, Instant startedAt) {
}
