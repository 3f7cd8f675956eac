package jp.uketsuke.telephony.internal.rtp;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import jp.uketsuke.telephony.RtpDropReason;

/** Server-wide RTP counters, written by every call's media without locking. */
public final class MediaCounters {

    private final LongAdder packetsIn = new LongAdder();
    private final LongAdder packetsOut = new LongAdder();
    private final EnumMap<RtpDropReason, LongAdder> dropped = new EnumMap<>(RtpDropReason.class);

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
