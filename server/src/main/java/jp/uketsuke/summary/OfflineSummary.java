package jp.uketsuke.summary;

import java.time.Instant;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.summary.internal.OfflineSummaries;

/**
 * The rule-based summary of words not (yet) stored as a call, e.g. a simulated call: what staff would see for it.
 * Pure: nothing is read, stored, sent or logged.
 */
public final class OfflineSummary {

    private OfflineSummary() {
    }

    /**
     * @param callerText what the caller said, one turn a line
     * @param purpose    the purpose the flow heard, or null
     * @param startedAt  when the call began (dates are resolved against its day in Japan time)
     */
    public static Summary of(String callerText, String purpose, CallOutcome outcome, Instant startedAt) {
        return OfflineSummaries.summarise(callerText, purpose, outcome, startedAt);
    }
}
