package jp.uketsuke.telephony.internal.codec;

import static jp.uketsuke.telephony.internal.codec.G722Tables.*;

/** ITU-T G.722 decoder, 64 kbit/s mode: one byte in, two 16 kHz PCM samples out. */
public final class G722Decoder {

    private final G722Band low = new G722Band(32);
    private final G722Band high = new G722Band(8);
    /** Receive QMF delay line. */
    private final int[] x = new int[24];

    public short[] decode(byte[] data, int offset, int length) {
        short[] out = new short[length * 2];
        for (int j = 0; j < length; j++) {
            int code = data[offset + j] & 0xFF;
            int rLow = decodeLow(code & 0x3F);
            int rHigh = decodeHigh((code >> 6) & 0x03);
            System.arraycopy(x, 2, x, 0, 22);
            x[22] = rLow + rHigh;
            x[23] = rLow - rHigh;
            int xOut1 = 0;
            int xOut2 = 0;
            for (int i = 0; i < 12; i++) {
                xOut2 += x[2 * i] * QMF[i];
                xOut1 += x[2 * i + 1] * QMF[11 - i];
            }
            out[2 * j] = (short) G722Band.sat(xOut1 >> 11);
            out[2 * j + 1] = (short) G722Band.sat(xOut2 >> 11);
        }
        return out;
    }

    private int decodeLow(int code6) {
        int dq6 = (low.det * QM6[code6]) >> 15;
        int rLow = Math.clamp(low.s + dq6, -16384, 16383);
        int code4 = code6 >> 2;
        // the predictor is driven by the 4-bit core only, so it tracks the encoder's exactly
        int dLow = (low.det * QM4[code4]) >> 15;
        low.adaptScale(WL[RL42[code4]], 18432, 8);
        low.predict(dLow);
        return rLow;
    }

    private int decodeHigh(int code) {
        int dHigh = (high.det * QM2[code]) >> 15;
        int rHigh = Math.clamp(dHigh + high.s, -16384, 16383);
        high.adaptScale(WH[RH2[code]], 22528, 10);
        high.predict(dHigh);
        return rHigh;
    }
}
