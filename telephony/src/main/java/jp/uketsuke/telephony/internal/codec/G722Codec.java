package jp.uketsuke.telephony.internal.codec;

/** G.722 at 64 kbit/s; 16 kHz audio, but an 8 kHz RTP clock (RFC 3551 section 4.5.2). */
final class G722Codec implements AudioCodec {

    private final G722Encoder encoder = new G722Encoder();
    private final G722Decoder decoder = new G722Decoder();

    @Override
    public String name() {
        return "G722";
    }

    @Override
    public int payloadType() {
        return 9;
    }

    @Override
    public int sampleRate() {
        return 16000;
    }

    @Override
    public byte[] encode(short[] pcm) {
        return encoder.encode(pcm);
    }

    @Override
    public short[] decode(byte[] payload, int offset, int length) {
        return decoder.decode(payload, offset, length);
    }
}
