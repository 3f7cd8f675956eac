package jp.uketsuke.telephony.internal.transfer;

/**
 * Converts 20 ms frames between the two rates our codecs use, 8 kHz (G.711) and 16 kHz (G.722), keeping state across
 * frames so frame edges do not click. Down: a short low-pass FIR, then every other sample; up: zero-stuffing and
 * the same filter. One instance per direction of one bridge.
 */
final class RateConverter {

    /** Half-band low-pass (cut-off a quarter of the 16 kHz rate), Hamming-windowed sinc, 15 taps, unity gain. */
    private static final double[] TAPS = halfBand(15);

    private final int from;
    private final int to;
    private final double[] history = new double[TAPS.length];
    private int position;

    RateConverter(int fromRate, int toRate) {
        if (!(fromRate == toRate || fromRate == 8000 && toRate == 16000 || fromRate == 16000 && toRate == 8000)) {
            throw new IllegalArgumentException("only 8000 and 16000 Hz are bridged, not " + fromRate + " to " + toRate);
        }
        this.from = fromRate;
        this.to = toRate;
    }

    short[] convert(short[] frame) {
        if (from == to) {
            return frame;
        }
        if (from > to) {
            short[] out = new short[frame.length / 2];
            for (int i = 0; i < frame.length; i++) {
                double filtered = filter(frame[i]);
                if ((i & 1) == 1) {
                    out[i / 2] = clip(filtered);
                }
            }
            return out;
        }
        short[] out = new short[frame.length * 2];
        for (int i = 0; i < frame.length; i++) {
            // the zero between two samples halves the energy: the filter's output is doubled back
            out[2 * i] = clip(2 * filter(frame[i]));
            out[2 * i + 1] = clip(2 * filter(0));
        }
        return out;
    }

    private double filter(double sample) {
        history[position] = sample;
        double sum = 0;
        int index = position;
        for (double tap : TAPS) {
            sum += tap * history[index];
            index = index == 0 ? history.length - 1 : index - 1;
        }
        position = (position + 1) % history.length;
        return sum;
    }

    private static short clip(double value) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(value)));
    }

    private static double[] halfBand(int length) {
        double[] taps = new double[length];
        int middle = length / 2;
        double sum = 0;
        for (int i = 0; i < length; i++) {
            int n = i - middle;
            double sinc = n == 0 ? 0.5 : Math.sin(Math.PI * n / 2) / (Math.PI * n);
            double window = 0.54 - 0.46 * Math.cos(2 * Math.PI * i / (length - 1));
            taps[i] = sinc * window;
            sum += taps[i];
        }
        for (int i = 0; i < length; i++) {
            taps[i] /= sum;
        }
        return taps;
    }
}
