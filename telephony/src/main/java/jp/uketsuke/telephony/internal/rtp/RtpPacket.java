package jp.uketsuke.telephony.internal.rtp;

/** One RTP packet (RFC 3550) as parsed from the wire; the payload stays in the receive buffer. */
public record RtpPacket(int payloadType, boolean marker, int sequence, long timestamp, long ssrc,
                        byte[] buffer, int payloadOffset, int payloadLength) {

    static final int HEADER_BYTES = 12;

    /** Parses {@code length} bytes of {@code data}; null when it is not a well-formed RTP v2 packet. */
    public static RtpPacket parse(byte[] data, int length) {
        if (length < HEADER_BYTES || length > data.length) {
            return null;
        }
        int b0 = data[0] & 0xFF;
        if ((b0 >> 6) != 2) {
            return null;
        }
        int offset = HEADER_BYTES + 4 * (b0 & 0x0F);
        if ((b0 & 0x10) != 0) {
            if (offset + 4 > length) {
                return null;
            }
            int extensionWords = ((data[offset + 2] & 0xFF) << 8) | (data[offset + 3] & 0xFF);
            offset += 4 + 4 * extensionWords;
        }
        int end = length;
        if ((b0 & 0x20) != 0) {
            int padding = data[length - 1] & 0xFF;
            if (padding == 0) {
                return null;
            }
            end -= padding;
        }
        if (offset >= end) {
            return null;
        }
        int b1 = data[1] & 0xFF;
        int payloadType = b1 & 0x7F;
        if (payloadType >= 72 && payloadType <= 76) {
            // RTCP packet types 200-204 on the RTP port (RFC 5761): not media
            return null;
        }
        int sequence = ((data[2] & 0xFF) << 8) | (data[3] & 0xFF);
        long timestamp = readUnsigned32(data, 4);
        long ssrc = readUnsigned32(data, 8);
        return new RtpPacket(payloadType, (b1 & 0x80) != 0, sequence, timestamp, ssrc, data, offset, end - offset);
    }

    /** Writes a header-only (no CSRC, no extension) packet around {@code payload}. */
    public static byte[] build(int payloadType, boolean marker, int sequence, long timestamp, long ssrc,
                               byte[] payload) {
        byte[] out = new byte[HEADER_BYTES + payload.length];
        out[0] = (byte) 0x80;
        out[1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
        out[2] = (byte) (sequence >> 8);
        out[3] = (byte) sequence;
        writeUnsigned32(out, 4, timestamp);
        writeUnsigned32(out, 8, ssrc);
        System.arraycopy(payload, 0, out, HEADER_BYTES, payload.length);
        return out;
    }

    public byte[] payload() {
        byte[] copy = new byte[payloadLength];
        System.arraycopy(buffer, payloadOffset, copy, 0, payloadLength);
        return copy;
    }

    private static long readUnsigned32(byte[] data, int at) {
        return ((long) (data[at] & 0xFF) << 24) | ((data[at + 1] & 0xFF) << 16)
                | ((data[at + 2] & 0xFF) << 8) | (data[at + 3] & 0xFF);
    }

    private static void writeUnsigned32(byte[] data, int at, long value) {
        data[at] = (byte) (value >> 24);
        data[at + 1] = (byte) (value >> 16);
        data[at + 2] = (byte) (value >> 8);
        data[at + 3] = (byte) value;
    }
}
