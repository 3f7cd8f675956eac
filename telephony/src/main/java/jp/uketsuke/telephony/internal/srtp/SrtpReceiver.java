package jp.uketsuke.telephony.internal.srtp;

import java.security.MessageDigest;
import jp.uketsuke.telephony.RtpDropReason;

/**
 * Checks and decrypts the caller's SRTP packets (RFC 3711 section 3.3): estimates the packet index
 * from the rollover counter, refuses replays with a 64-packet window, verifies the tag in constant
 * time and only then decrypts and advances its state. Follows one SSRC, the first whose packet
 * authenticates, so forged packets cannot make it follow theirs. Used by one receiver thread only.
 */
public final class SrtpReceiver implements AutoCloseable {

    /** What became of one packet: its RTP length after decryption, or why it was dropped. */
    public record Unprotected(int length, RtpDropReason dropped) {

        public boolean accepted() {
            return dropped == null;
        }
    }

    /** Replay window size; RFC 3711 section 3.3.2 asks for at least 64. */
    static final int WINDOW = 64;

    private final SessionKeys keys;
    private long ssrc = -1;
    /** Highest packet index authenticated so far (rollover counter * 2^16 + sequence), -1 before the first. */
    private long highestIndex = -1;
    /** Bit i set: packet highestIndex - i was received. */
    private long window;

    public SrtpReceiver(SrtpMasterKey master) {
        this.keys = new SessionKeys(master);
    }

    /**
     * Authenticates and decrypts the first {@code length} bytes of {@code data} in place. On success
     * the RTP packet is the first {@code length()} bytes (the tag is cut off).
     */
    public Unprotected unprotect(byte[] data, int length) {
        int rtpLength = length - SrtpSuite.TAG_BYTES;
        int header = RtpHeader.length(data, rtpLength);
        if (header < 0) {
            return drop(RtpDropReason.MALFORMED);
        }
        long packetSsrc = RtpHeader.ssrc(data);
        if (ssrc >= 0 && packetSsrc != ssrc) {
            return drop(RtpDropReason.FOREIGN_SSRC);
        }
        int sequence = RtpHeader.sequence(data);
        long rollover = estimateRollover(sequence);
        if (rollover < 0) {
            return drop(RtpDropReason.LATE);
        }
        long index = (rollover << 16) | sequence;
        if (highestIndex >= 0) {
            long behind = highestIndex - index;
            if (behind >= WINDOW) {
                return drop(RtpDropReason.LATE);
            }
            if (behind >= 0 && (window & (1L << behind)) != 0) {
                return drop(RtpDropReason.DUPLICATE);
            }
        }
        byte[] expected = keys.tag(data, rtpLength, rollover);
        byte[] received = new byte[SrtpSuite.TAG_BYTES];
        System.arraycopy(data, rtpLength, received, 0, SrtpSuite.TAG_BYTES);
        if (!MessageDigest.isEqual(expected, received)) {
            return drop(RtpDropReason.AUTHENTICATION);
        }
        keys.crypt(data, header, rtpLength - header, packetSsrc, index);
        remember(packetSsrc, index);
        return new Unprotected(rtpLength, null);
    }

    /**
     * The rollover counter this sequence number most likely belongs to (RFC 3711 appendix A), or -1
     * for a packet from before the first one we accepted with rollover counter 0.
     */
    private long estimateRollover(int sequence) {
        if (highestIndex < 0) {
            return 0; // SDES signals no rollover counter: a stream starts at 0
        }
        long rollover = highestIndex >>> 16;
        int highestSequence = (int) (highestIndex & 0xFFFF);
        if (highestSequence < 0x8000) {
            return sequence - highestSequence > 0x8000 ? rollover - 1 : rollover;
        }
        return highestSequence - 0x8000 > sequence ? rollover + 1 : rollover;
    }

    private void remember(long packetSsrc, long index) {
        if (highestIndex < 0) {
            ssrc = packetSsrc;
            highestIndex = index;
            window = 1;
            return;
        }
        long ahead = index - highestIndex;
        if (ahead > 0) {
            window = ahead >= WINDOW ? 1 : (window << ahead) | 1;
            highestIndex = index;
        } else {
            window |= 1L << -ahead;
        }
    }

    private static Unprotected drop(RtpDropReason reason) {
        return new Unprotected(-1, reason);
    }

    @Override
    public void close() {
        keys.close();
    }
}
