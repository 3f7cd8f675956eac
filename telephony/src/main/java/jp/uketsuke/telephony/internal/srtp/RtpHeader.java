package jp.uketsuke.telephony.internal.srtp;

/** The few RTP header fields SRTP needs, read without trusting the packet. */
final class RtpHeader {

    static final int FIXED_BYTES = 12;

    private RtpHeader() {
    }

    /**
     * Length of the header including CSRCs and extension, or -1 when the bytes are not an RTP v2
     * header that fits in {@code length}. SRTP encrypts only what follows it.
     */
    static int length(byte[] data, int length) {
        if (length < FIXED_BYTES || (data[0] & 0xC0) != 0x80) {
            return -1;
        }
        int header = FIXED_BYTES + 4 * (data[0] & 0x0F);
        if ((data[0] & 0x10) != 0) {
            if (header + 4 > length) {
                return -1;
            }
            header += 4 + 4 * (((data[header + 2] & 0xFF) << 8) | (data[header + 3] & 0xFF));
        }
        return header <= length ? header : -1;
    }

    static int sequence(byte[] data) {
        return ((data[2] & 0xFF) << 8) | (data[3] & 0xFF);
    }

    static long ssrc(byte[] data) {
        return ((long) (data[8] & 0xFF) << 24) | ((data[9] & 0xFF) << 16) | ((data[10] & 0xFF) << 8)
                | (data[11] & 0xFF);
    }
}
