package jp.uketsuke.telephony.internal.codec;

import static jp.uketsuke.telephony.internal.codec.G722Tables.*;

/** ITU-T G.722 encoder, 64 kbit/s mode: 16 kHz PCM in, one byte per two samples out. */
public final class G722Encoder {

    private final G722Band low = new G722Band(32);
    private final G722Band high = new G722Band(8);
    /** Transmit QMF delay line. */
    private final int[] x = new int[24];

    public byte[] encode(short[] pcm) {
        byte[] out = new byte[pcm.length / 2];
        for (int j = 0, k = 0; k < out.length; k++) {
            System.arraycopy(x, 2, x, 0, 22);
            x[22] = pcm[j++];
            x[23] = pcm[j++];
            int sumOdd = 0;
            int sumEven = 0;
            for (int i = 0; i < 12; i++) {
                sumOdd += x[2 * i] * QMF[i];
                sumEven += x[2 * i + 1] * QMF[11 - i];
            }
            int xLow = (sumEven + sumOdd) >> 14;
            int xHigh = (sumEven - sumOdd) >> 14;
            out[k] = (byte) ((encodeHigh(xHigh) << 6) | encodeLow(xLow));
        }
        return out;
    }

    private int encodeLow(int xLow) {
        int el = G722Band.sat(xLow - low.s);
        int magnitude = el >= 0 ? el : -(el + 1);
        int i = 1;
        while (i < 30 && magnitude >= (Q6[i] * low.det) >> 12) {
            i++;
        }
        int code = el < 0 ? ILN[i] : ILP[i];
        int code4 = code >> 2;
        int dLow = (low.det * QM4[code4]) >> 15;
        low.adaptScale(WL[RL42[code4]], 18432, 8);
        low.predict(dLow);
        return code;
    }

    private int encodeHigh(int xHigh) {
        int eh = G722Band.sat(xHigh - high.s);
        int magnitude = eh >= 0 ? eh : -(eh + 1);
        int level = magnitude >= (564 * high.det) >> 12 ? 2 : 1;
        int code = eh < 0 ? IHN[level] : IHP[level];
        int dHigh = (high.det * QM2[code]) >> 15;
        high.adaptScale(WH[RH2[code]], 22528, 10);
        high.predict(dHigh);
        return code;
    }
}
