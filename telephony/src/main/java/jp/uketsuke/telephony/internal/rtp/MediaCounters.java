package jp.uketsuke.telephony.internal.rtp;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import jp.uketsuke.telephony.RtpDropReason;

/** Server-wide RTP counters, written by every call's media without locking. */
public final class MediaCounters {

    private final LongAdder packetsIn = new LongAdder();
    private final LongAdder packetsOut = new LongAdder();
    private final EnumMap<RtpDropReason, LongAdder> dropped = new EnumMap<>(RtpDropReason.class);
    private final LongAdder packetsExpected = new LongAdder();
    private final LongAdder packetsLost = new LongAdder();
    private final LongAdder streamsMeasured = new LongAdder();
    private final DoubleAdder jitterSecondsSum = new DoubleAdder();

    public MediaCounters() {
        for (RtpDropReason reason : RtpDropReason.values()) {
            dropped.put(reason, new LongAdder());
        }
    }

    void received() {
        packetsIn.increment();
    }

    void sent() {
        packetsOut.increment();
    }

    void dropped(RtpDropReason reason) {
        dropped.get(reason).increment();
    }

    /** A caller's stream ended: its loss and final jitter join the totals (per-call values, summed). */
    void streamEnded(ReceptionStatistics statistics) {
        packetsExpected.add(statistics.expected());
        packetsLost.add(statistics.lost());
        if (statistics.hasJitter()) {
            streamsMeasured.increment();
            jitterSecondsSum.add(statistics.jitterSeconds());
        }
    }

    public long packetsExpected() {
        return packetsExpected.sum();
    }

    public long packetsLost() {
        return packetsLost.sum();
    }

    /** Streams whose jitter was measured (two audio packets at least). */
    public long streamsMeasured() {
        return streamsMeasured.sum();
    }

    /** Sum over ended streams of each one's final RFC 3550 interarrival jitter, in seconds. */
    public double jitterSecondsSum() {
        return jitterSecondsSum.sum();
    }

    public long packetsIn() {
        return packetsIn.sum();
    }

    public long packetsOut() {
        return packetsOut.sum();
    }

    public Map<RtpDropReason, Long> droppedByReason() {
        Map<RtpDropReason, Long> snapshot = new EnumMap<>(RtpDropReason.class);
        dropped.forEach((reason, count) -> snapshot.put(reason, count.sum()));
        return snapshot;
    }
}
