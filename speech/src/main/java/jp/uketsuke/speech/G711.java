package jp.uketsuke.speech;

/** G.711 expansion (ITU-T G.711): one 8-bit µ-law or A-law code to a 16-bit linear sample. */
final class G711 {

    private G711() {
    }

    static int ulaw(byte code) {
        int u = ~code & 0xFF; // codes are sent inverted
        int exponent = (u >> 4) & 0x07;
        int magnitude = ((((u & 0x0F) << 3) + 0x84) << exponent) - 0x84;
        return (u & 0x80) != 0 ? -magnitude : magnitude;
    }

    static int alaw(byte code) {
        int a = (code ^ 0x55) & 0xFF; // even bits are sent inverted
        int exponent = (a >> 4) & 0x07;
        int mantissa = a & 0x0F;
        int magnitude = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
        return (a & 0x80) != 0 ? magnitude : -magnitude;
    }
}
