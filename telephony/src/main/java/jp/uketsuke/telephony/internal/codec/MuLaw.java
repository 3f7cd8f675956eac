package jp.uketsuke.telephony.internal.codec;

/** ITU-T G.711 μ-law, 14-bit magnitude with bias 0x84 as in the recommendation. */
public final class MuLaw {

    private static final int BIAS = 0x84;
    private static final int CLIP = 32635;

    private MuLaw() {
    }

    public static int encode(int sample) {
        int sign = (sample >> 8) & 0x80;
        int magnitude = sign != 0 ? -sample : sample;
        if (magnitude > CLIP) {
            magnitude = CLIP;
        }
        magnitude += BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return ~(sign | (exponent << 4) | mantissa) & 0xFF;
    }

    public static int decode(int code) {
        int u = ~code & 0xFF;
        int exponent = (u >> 4) & 0x07;
        int magnitude = ((((u & 0x0F) << 3) + BIAS) << exponent) - BIAS;
        return (u & 0x80) != 0 ? -magnitude : magnitude;
    }
}
