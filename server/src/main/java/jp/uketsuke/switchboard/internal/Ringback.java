package jp.uketsuke.switchboard.internal;

/**
 * The Japanese ringback tone (呼出音) callers hear while staff's phone rings: 400 Hz modulated at 16 Hz, one second
 * on and two off, as on the public network.
 */
final class Ringback {

    private Ringback() {
    }

    /** One three-second cycle. */
    static short[] cycle(int sampleRate) {
        short[] out = new short[sampleRate * 3];
        for (int i = 0; i < sampleRate; i++) {
            double t = (double) i / sampleRate;
            double envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 16 * t);
            out[i] = (short) (5000 * envelope * Math.sin(2 * Math.PI * 400 * t));
        }
        return out;
    }
}
