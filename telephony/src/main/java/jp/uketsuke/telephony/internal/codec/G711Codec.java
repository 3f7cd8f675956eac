package jp.uketsuke.telephony.internal.codec;

import java.util.function.IntUnaryOperator;

/** G.711 in either law: stateless, one byte per 8 kHz sample. */
final class G711Codec implements AudioCodec {

    private final String name;
    private final int payloadType;
    private final IntUnaryOperator encoder;
    private final IntUnaryOperator decoder;

    G711Codec(String name, int payloadType, IntUnaryOperator encoder, IntUnaryOperator decoder) {
        this.name = name;
        this.payloadType = payloadType;
        this.encoder = encoder;
        this.decoder = decoder;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int payloadType() {
        return payloadType;
    }

    @Override
    public int sampleRate() {
        return 8000;
    }

    @Override
    public byte[] encode(short[] pcm) {
        byte[] out = new byte[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            out[i] = (byte) encoder.applyAsInt(pcm[i]);
        }
        return out;
    }

    @Override
    public short[] decode(byte[] payload, int offset, int length) {
        short[] out = new short[length];
        for (int i = 0; i < length; i++) {
            out[i] = (short) decoder.applyAsInt(payload[offset + i] & 0xFF);
        }
        return out;
    }
}
