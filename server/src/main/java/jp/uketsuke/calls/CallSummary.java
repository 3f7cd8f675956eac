package jp.uketsuke.calls;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** A row of the call list. {@code callerMasked} is e.g. "090-****-5678"; never the full number. */
public record CallSummary(UUID id, UUID tenantId, Instant startedAt, Duration duration, String callerMasked,
                          String dialedNumber, CallOutcome outcome, boolean hasRecording) {
}
