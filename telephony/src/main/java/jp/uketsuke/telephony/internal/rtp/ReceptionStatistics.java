package jp.uketsuke.telephony.internal.rtp;

/**
 * Reception statistics of one caller's RTP stream as RFC 3550 defines them: packets lost from the
 * extended highest sequence number (appendix A.3) and the interarrival jitter estimate (section
 * 6.4.1). Written by the stream's receiver thread only.
 */
final class ReceptionStatistics {

    /** RTP clock of every codec offered here (PCMU, PCMA and G.722 all count 8000 per second). */
    static final int CLOCK_RATE = 8000;

    private long baseSequence = -1;
    private long highestSequence;
    private long received;
    private long firstArrivalNanos;
    private boolean haveTransit;
    private int lastTransit;
    private double jitter;
    private long jitterSamples;

    /** One packet accepted from the caller; telephone-events keep one timestamp per digit, so they do not count for jitter. */
    synchronized void packet(int sequence, long timestamp, long arrivalNanos, boolean audio) {
        if (baseSequence < 0) {
            baseSequence = sequence;
            highestSequence = sequence;
            firstArrivalNanos = arrivalNanos;
        } else {
            int delta = (short) (sequence - (int) (highestSequence & 0xFFFF));
            highestSequence = Math.max(highestSequence, highestSequence + delta);
        }
        received++;
        if (!audio) {
            return;
        }
        long arrival = Math.round((arrivalNanos - firstArrivalNanos) * (CLOCK_RATE / 1e9));
        // both clocks in timestamp units, modulo 2^32 as RTP timestamps are
        int transit = (int) (arrival - timestamp);
        if (haveTransit) {
            int difference = transit - lastTransit;
            jitter += (Math.abs((double) difference) - jitter) / 16.0;
            jitterSamples++;
        }
        lastTransit = transit;
        haveTransit = true;
    }

    synchronized long expected() {
        return baseSequence < 0 ? 0 : highestSequence - baseSequence + 1;
    }

    /** Packets never received; duplicates can make RFC 3550's figure negative, which counts as none. */
    synchronized long lost() {
        return Math.max(0, expected() - received);
    }

    /** Whether there were two audio packets at least, so that jitter means something. */
    synchronized boolean hasJitter() {
        return jitterSamples > 0;
    }

    synchronized double jitterSeconds() {
        return jitter / CLOCK_RATE;
    }
}
