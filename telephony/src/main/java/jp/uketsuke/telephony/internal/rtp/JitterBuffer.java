package jp.uketsuke.telephony.internal.rtp;

import java.util.TreeMap;

/**
 * Puts a few packets back into sequence-number order before they are decoded. Small on purpose:
 * it absorbs reordering on the last network hop, not long delay.
 */
public final class JitterBuffer {

    public enum Verdict { ACCEPTED, DUPLICATE, LATE, OVERFLOW }

    private final int capacity;
    private final int prefill;
    private final TreeMap<Long, byte[]> packets = new TreeMap<>();
    private long highest = -1;
    private long next = -1;
    private boolean primed;

    /** @param prefill packets held before playout starts; @param capacity most packets held */
    public JitterBuffer(int prefill, int capacity) {
        this.prefill = prefill;
        this.capacity = capacity;
    }

    public synchronized Verdict offer(int sequence, byte[] payload) {
        long extended = extend(sequence);
        if (next >= 0 && extended < next) {
            return Verdict.LATE;
        }
        if (packets.putIfAbsent(extended, payload) != null) {
            return Verdict.DUPLICATE;
        }
        if (packets.size() > capacity) {
            packets.pollFirstEntry();
            return Verdict.OVERFLOW;
        }
        return Verdict.ACCEPTED;
    }

    /** The next payload in order, or null when nothing is due yet (still filling, or waiting for a gap). */
    public synchronized byte[] poll() {
        if (!primed) {
            if (packets.size() < prefill) {
                return null;
            }
            primed = true;
        }
        if (packets.isEmpty()) {
            primed = false;
            return null;
        }
        long first = packets.firstKey();
        if (next >= 0 && first != next && packets.size() < prefill) {
            // a gap: give the missing packet one more tick to arrive
            next++;
            return null;
        }
        next = first + 1;
        return packets.pollFirstEntry().getValue();
    }

    /** Maps a 16-bit sequence number to a position in the stream that keeps growing across wrap-around. */
    private long extend(int sequence) {
        if (highest < 0) {
            highest = sequence + (1L << 16);
            return highest;
        }
        int delta = (short) (sequence - (int) (highest & 0xFFFF));
        long extended = highest + delta;
        highest = Math.max(highest, extended);
        return extended;
    }
}
