package jp.uketsuke.telephony.internal.codec;

/** ITU-T G.711 A-law; even bits inverted on the wire (XOR 0x55) as the recommendation requires. */
public final class ALaw {

    private ALaw() {
    }

    public static int encode(int sample) {
        int sign = sample >= 0 ? 0x80 : 0x00;
        int magnitude = sample >= 0 ? sample : -sample - 1;
        magnitude = Math.min(magnitude, 32767) >> 3;
        int code;
        if (magnitude < 32) {
            code = magnitude >> 1;
        } else {
            int exponent = 1;
            while (magnitude >= 64 && exponent < 7) {
                magnitude >>= 1;
                exponent++;
            }
            code = (exponent << 4) | ((magnitude >> 1) & 0x0F);
        }
        return (sign | code) ^ 0x55;
    }

    public static int decode(int code) {
        int a = (code ^ 0x55) & 0xFF;
        int exponent = (a >> 4) & 0x07;
        int mantissa = a & 0x0F;
        int magnitude = exponent == 0
                ? (mantissa << 4) + 8
                : ((mantissa << 4) + 0x108) << (exponent - 1);
        return (a & 0x80) != 0 ? magnitude : -magnitude;
    }
}
