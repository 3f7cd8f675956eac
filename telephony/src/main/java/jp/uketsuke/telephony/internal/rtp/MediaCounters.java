package jp.uketsuke.telephony.internal.rtp;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import jp.uketsuke.telephony.RtpDropReason;
import jp.uketsuke.telephony.StreamQuality;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-wide RTP counters, written by every call's media without locking. Outbound legs count into their own
 * {@link #outboundLegs()} counters, which add everything to these totals as well.
 */
public final class MediaCounters {

    private static final Logger log = LoggerFactory.getLogger(MediaCounters.class);

    /** The server-wide counters a leg's counters also count into; null for those. */
    private final MediaCounters total;
    private MediaCounters legs;
    private volatile Consumer<StreamQuality> streamListener = quality -> { };

    private final LongAdder packetsIn = new LongAdder();
    private final LongAdder packetsOut = new LongAdder();
    private final EnumMap<RtpDropReason, LongAdder> dropped = new EnumMap<>(RtpDropReason.class);
    private final LongAdder packetsExpected = new LongAdder();
    private final LongAdder packetsLost = new LongAdder();
    private final LongAdder streamsMeasured = new LongAdder();
    private final DoubleAdder jitterSecondsSum = new DoubleAdder();

    public MediaCounters() {
        this(null);
    }

    private MediaCounters(MediaCounters total) {
        this.total = total;
        for (RtpDropReason reason : RtpDropReason.values()) {
            dropped.put(reason, new LongAdder());
        }
    }

    /** The counters outbound legs' media writes to (created once; they count into these as well). */
    public synchronized MediaCounters outboundLegs() {
        if (total != null) {
            return this;
        }
        if (legs == null) {
            legs = new MediaCounters(this);
        }
        return legs;
    }

    /** Told of every stream of the server as it ends (calls and legs); must return quickly. */
    public void onStreamEnded(Consumer<StreamQuality> listener) {
        (total != null ? total : this).streamListener = listener == null ? quality -> { } : listener;
    }

    void received() {
        packetsIn.increment();
        if (total != null) {
            total.received();
        }
    }

    void sent() {
        packetsOut.increment();
        if (total != null) {
            total.sent();
        }
    }

    void dropped(RtpDropReason reason) {
        dropped.get(reason).increment();
        if (total != null) {
            total.dropped(reason);
        }
    }

    /** A far end's stream ended: its loss and final jitter join the totals (per-call values, summed). */
    void streamEnded(ReceptionStatistics statistics) {
        add(statistics);
        if (total != null) {
            total.add(statistics);
        }
        StreamQuality quality = new StreamQuality(total != null, statistics.expected(), statistics.lost(),
                statistics.hasJitter(), statistics.hasJitter() ? statistics.jitterSeconds() : 0);
        try {
            (total != null ? total : this).streamListener.accept(quality);
        } catch (RuntimeException e) {
            // metrics must never disturb the end of a call
            log.warn("stream quality listener failed: {}", e.getClass().getName());
        }
    }

    private void add(ReceptionStatistics statistics) {
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
