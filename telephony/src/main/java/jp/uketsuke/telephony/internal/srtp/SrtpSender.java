package jp.uketsuke.telephony.internal.srtp;

import java.util.Arrays;

/**
 * Protects the RTP packets we send (RFC 3711 section 3.3): encrypts the payload and appends the tag.
 * Tracks the rollover counter from our own sequence numbers. Used by the media clock thread only.
 */
public final class SrtpSender implements AutoCloseable {

    private final SessionKeys keys;
    private long rollover;
    private int lastSequence = -1;

    /** Derives the session keys; the master key may be destroyed afterwards. */
    public SrtpSender(SrtpMasterKey master) {
        this.keys = new SessionKeys(master);
    }

    /** The SRTP packet for {@code rtp}, a well-formed RTP packet we built; {@code rtp} is left as it was. */
    public byte[] protect(byte[] rtp) {
        int header = RtpHeader.length(rtp, rtp.length);
        if (header < 0) {
            throw new IllegalArgumentException("not an RTP packet");
        }
        int sequence = RtpHeader.sequence(rtp);
        if (lastSequence >= 0 && sequence < lastSequence && lastSequence - sequence > 0x8000) {
            rollover = (rollover + 1) & 0xFFFF_FFFFL;
        }
        lastSequence = sequence;
        long index = (rollover << 16) | sequence;
        byte[] out = Arrays.copyOf(rtp, rtp.length + SrtpSuite.TAG_BYTES);
        keys.crypt(out, header, rtp.length - header, RtpHeader.ssrc(rtp), index);
        System.arraycopy(keys.tag(out, rtp.length, rollover), 0, out, rtp.length, SrtpSuite.TAG_BYTES);
        return out;
    }

    @Override
    public void close() {
        keys.close();
    }
}
