package jp.uketsuke.telephony;

import java.util.EnumMap;
import java.util.Map;

/**
 * Counters of outbound legs (transfers to numbers and staff phones, later campaigns), apart from inbound calls.
 * Their RTP is also part of the server-wide RTP counters of {@link TelephonyMetrics}.
 *
 * @param started            legs asked for since start, including those that could not be placed
 * @param active             legs answered and not yet ended
 * @param outcomes           how attempts were settled, by outcome (every outcome present)
 * @param rtpPacketsIn       RTP datagrams received on legs' ports
 * @param rtpPacketsOut      RTP packets sent to callees
 * @param rtpPacketsExpected callee packets by sequence number, summed over ended legs
 * @param rtpPacketsLost     of those, packets never received, summed over ended legs
 */
public record OutboundLegMetrics(long started, long active, Map<LegOutcome, Long> outcomes, long rtpPacketsIn,
                                 long rtpPacketsOut, long rtpPacketsExpected, long rtpPacketsLost) {

    public OutboundLegMetrics {
        EnumMap<LegOutcome, Long> all = new EnumMap<>(LegOutcome.class);
        for (LegOutcome outcome : LegOutcome.values()) {
            all.put(outcome, outcomes.getOrDefault(outcome, 0L));
        }
        outcomes = java.util.Collections.unmodifiableMap(all);
    }

    public static OutboundLegMetrics none() {
        return new OutboundLegMetrics(0, 0, Map.of(), 0, 0, 0, 0);
    }

    public long settled(LegOutcome outcome) {
        return outcomes.get(outcome);
    }
}
