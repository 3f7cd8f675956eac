package jp.uketsuke.telephony.internal.codec;

/**
 * State of one G.722 sub-band ADPCM (lower or higher band) and the ITU-T G.722 block 4: the
 * pole-zero adaptive predictor, shared by encoder and decoder so both track the same prediction.
 */
final class G722Band {

    /** Predicted signal value (SL / SH). */
    int s;
    /** Zero-section prediction (SZL / SZH). */
    private int sz;
    /** Reconstructed signal, one sample ago (RLT1 / RH1). */
    private int r;
    /** Pole coefficients a1, a2 (index 0 unused). */
    private final int[] a = new int[3];
    /** Partial reconstructed signal, one and two samples ago. */
    private final int[] p = new int[2];
    /** Zero coefficients b1..b6 (indices 0..5). */
    private final int[] b = new int[6];
    /** Quantised differences; d[0] is the newest. */
    private final int[] d = new int[7];
    /** Log-domain scale factor (NBL / NBH). */
    int nb;
    /** Linear scale factor (DETL / DETH). */
    int det;

    G722Band(int initialDet) {
        this.det = initialDet;
    }

    /** Block 3: adapt the scale factor from the log increment, bounded per band. */
    void adaptScale(int logIncrement, int nbMax, int shiftBase) {
        int nbNew = ((nb * 127) >> 7) + logIncrement;
        nb = Math.clamp(nbNew, 0, nbMax);
        int wd1 = (nb >> 6) & 31;
        int wd2 = shiftBase - (nb >> 11);
        int wd3 = wd2 < 0 ? G722Tables.ILB[wd1] << -wd2 : G722Tables.ILB[wd1] >> wd2;
        det = wd3 << 2;
    }

    /** Block 4: update the predictor with the new quantised difference {@code dx}. */
    void predict(int dx) {
        int rNew = sat(s + dx);
        int pNew = sat(sz + dx);

        // UPPOL2: second pole coefficient, sign-sign adaptation with leakage
        int wd1 = sat(a[1] << 2);
        int wd2 = differentSign(pNew, p[0]) ? wd1 : -wd1;
        wd2 = Math.min(wd2, 32767);
        int wd3 = (differentSign(pNew, p[1]) ? -128 : 128) + (wd2 >> 7) + ((a[2] * 32512) >> 15);
        int a2 = Math.clamp(wd3, -12288, 12288);

        // UPPOL1: first pole coefficient, kept inside the stability triangle
        wd1 = differentSign(pNew, p[0]) ? -192 : 192;
        wd2 = (a[1] * 32640) >> 15;
        int a1 = sat(wd1 + wd2);
        wd3 = sat(15360 - a2);
        a1 = Math.clamp(a1, -wd3, wd3);

        // FILTEP: pole-section prediction from the two last reconstructed samples
        int sp = sat(((a1 * sat(rNew + rNew)) >> 15) + ((a2 * sat(r + r)) >> 15));
        r = rNew;
        a[1] = a1;
        a[2] = a2;
        p[1] = p[0];
        p[0] = pNew;

        // UPZERO, DELAYA, FILTEZ: six zero coefficients over the difference history
        wd1 = dx == 0 ? 0 : 128;
        d[0] = dx;
        int zero = 0;
        for (int i = 5; i >= 0; i--) {
            int step = differentSign(d[i + 1], dx) ? -wd1 : wd1;
            b[i] = sat(step + ((b[i] * 32640) >> 15));
            zero += (b[i] * sat(d[i] + d[i])) >> 15;
            d[i + 1] = d[i];
        }
        sz = sat(zero);

        // PREDIC
        s = sat(sp + sz);
    }

    private static boolean differentSign(int x, int y) {
        return ((x ^ y) & 0x8000) != 0;
    }

    static int sat(int v) {
        return Math.clamp(v, Short.MIN_VALUE, Short.MAX_VALUE);
    }
}
