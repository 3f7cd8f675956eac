package jp.uketsuke.summary.internal;

import java.time.Instant;
import java.util.Objects;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.summary.Summary;

/** The offline summariser for callers outside this package (the public {@code OfflineSummary}). */
public final class OfflineSummaries {

    private static final OfflineSummariser SUMMARISER = new OfflineSummariser();

    private OfflineSummaries() {
    }

    public static Summary summarise(String callerText, String purpose, CallOutcome outcome, Instant startedAt) {
        Objects.requireNonNull(startedAt, "startedAt");
        return SUMMARISER.summarise(new SummaryInput(null, null, startedAt, callerText, purpose, outcome));
    }
}
