package jp.uketsuke.telephony.internal.rtp;

/** Turns RFC 4733 telephone-event packets into one key press each, however often the sender repeats them. */
public final class TelephoneEvents {

    private static final char[] KEYS = "0123456789*#ABCD".toCharArray();

    private long lastTimestamp = -1;

    /** The key this packet starts, or 0 when it continues or repeats a key already reported, or is not a key. */
    public synchronized char accept(RtpPacket packet) {
        if (packet.payloadLength() < 4) {
            return 0;
        }
        int event = packet.buffer()[packet.payloadOffset()] & 0xFF;
        if (event >= KEYS.length || packet.timestamp() == lastTimestamp) {
            return 0;
        }
        // every packet of one key press carries the timestamp of its start (RFC 4733 section 2.5.1.2)
        lastTimestamp = packet.timestamp();
        return KEYS[event];
    }
}
