package jp.uketsuke.telephony.internal.outbound;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import jp.uketsuke.telephony.DialOutcome;
import jp.uketsuke.telephony.LegOutcome;
import jp.uketsuke.telephony.OutboundLegMetrics;
import jp.uketsuke.telephony.internal.rtp.MediaCounters;

/** Outbound legs started and how they were settled; written by {@link Dialing}, read for metrics. */
final class LegCounters {

    private final LongAdder started = new LongAdder();
    private final EnumMap<LegOutcome, LongAdder> settled = new EnumMap<>(LegOutcome.class);

    LegCounters() {
        for (LegOutcome outcome : LegOutcome.values()) {
            settled.put(outcome, new LongAdder());
        }
    }

    void started() {
        started.increment();
    }

    void settled(DialOutcome outcome) {
        settled.get(LegOutcome.of(outcome)).increment();
    }

    OutboundLegMetrics snapshot(long active, MediaCounters media) {
        Map<LegOutcome, Long> outcomes = new EnumMap<>(LegOutcome.class);
        settled.forEach((outcome, count) -> outcomes.put(outcome, count.sum()));
        return new OutboundLegMetrics(started.sum(), active, outcomes, media.packetsIn(), media.packetsOut(),
                media.packetsExpected(), media.packetsLost());
    }
}
