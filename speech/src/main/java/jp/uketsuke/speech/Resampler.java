package jp.uketsuke.speech;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Converts mono 16-bit PCM between sample rates (8000, 16000, 22050, 24000, 44100, 48000 … any pair
 * whose ratio reduces to a small fraction) with a Kaiser-windowed sinc low-pass, applied as a
 * polyphase filter so that downsampling does not fold energy above the new Nyquist into the band.
 */
public final class Resampler {

    private static final int MAX_PHASES = 2048;
    private static final int ZERO_CROSSINGS = 16;
    // Passband ends at 95 % of the lower Nyquist (3.8 kHz for telephone audio): the recogniser needs the top band.
    private static final double ROLLOFF = 0.95;
    private static final double KAISER_BETA = 8.6; // about 80 dB stop-band attenuation
    private static final Map<Long, Filter> FILTERS = new ConcurrentHashMap<>();

    private Resampler() {
    }

    public static AudioClip resample(AudioClip clip, int targetRate) {
        if (clip == null || clip.samples() == null) {
            throw new SpeechException("no audio to resample");
        }
        if (clip.sampleRate() == targetRate) {
            return clip;
        }
        Filter filter = filter(clip.sampleRate(), targetRate);
        return new AudioClip(targetRate, filter.apply(clip.samples()));
    }

    /** A resampler for audio that arrives in pieces, e.g. 20 ms telephone frames. */
    public static Stream stream(int from, int to) {
        return new Stream(from == to ? null : filter(from, to));
    }

    /**
     * Resamples a stream piece by piece; all pieces joined equal {@link #resample} of the whole audio,
     * so a recogniser fed frame by frame hears what it would hear from the finished utterance. Each
     * output waits for the few input samples after it that the filter reads. Not thread-safe.
     */
    public static final class Stream {
        private final Filter filter;
        private short[] kept = new short[0]; // input from absolute index keptFrom on
        private long keptFrom;
        private long received;
        private long produced;
        private boolean finished;

        private Stream(Filter filter) {
            this.filter = filter;
        }

        /** The output that the input so far determines completely. */
        public short[] accept(short[] samples) {
            if (finished) {
                throw new SpeechException("resampler stream is already finished");
            }
            if (filter == null) {
                return samples.clone();
            }
            short[] joined = Arrays.copyOf(kept, kept.length + samples.length);
            System.arraycopy(samples, 0, joined, kept.length, samples.length);
            kept = joined;
            received += samples.length;
            long ready = produced;
            while (filter.lastInput(ready) < received) {
                ready++;
            }
            return emit(ready);
        }

        /** The rest of the output, reading silence after the last input sample. */
        public short[] finish() {
            if (finished) {
                return new short[0];
            }
            finished = true;
            return filter == null ? new short[0] : emit(filter.outputLength(received));
        }

        private short[] emit(long until) {
            short[] out = new short[(int) Math.max(0, until - produced)];
            for (int i = 0; i < out.length; i++) {
                out[i] = filter.output(produced + i, kept, keptFrom, received);
            }
            produced += out.length;
            long drop = Math.min(kept.length, Math.max(0, filter.firstInput(produced) - keptFrom));
            if (drop > 0) {
                kept = Arrays.copyOfRange(kept, (int) drop, kept.length);
                keptFrom += drop;
            }
            return out;
        }
    }

    private static Filter filter(int from, int to) {
        if (from <= 0 || to <= 0 || from > 384_000 || to > 384_000) {
            throw new SpeechException("cannot resample from " + from + " Hz to " + to + " Hz");
        }
        int g = gcd(from, to);
        int up = to / g;
        int down = from / g;
        if (up > MAX_PHASES) {
            throw new SpeechException("cannot resample from " + from + " Hz to " + to + " Hz: ratio too fine");
        }
        return FILTERS.computeIfAbsent(((long) from << 32) | to, k -> new Filter(up, down));
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** Taps for each of the {@code up} fractional positions between two input samples. */
    private static final class Filter {
        private final int up;
        private final int down;
        private final int half;
        private final float[][] phases;

        Filter(int up, int down) {
            this.up = up;
            this.down = down;
            // Cutoff in cycles per input sample; the lower of the two Nyquist frequencies decides.
            double cutoff = 0.5 * ROLLOFF * Math.min(1.0, (double) up / down);
            this.half = (int) Math.ceil(ZERO_CROSSINGS / (2 * cutoff));
            this.phases = new float[up][2 * half];
            for (int p = 0; p < up; p++) {
                double frac = (double) p / up;
                double sum = 0;
                double[] taps = new double[2 * half];
                for (int j = 0; j < 2 * half; j++) {
                    double t = frac - (j - half + 1); // distance from output instant to input sample
                    double w = kaiser(t / (half + 1));
                    taps[j] = 2 * cutoff * sinc(2 * cutoff * t) * w;
                    sum += taps[j];
                }
                for (int j = 0; j < taps.length; j++) {
                    phases[p][j] = (float) (taps[j] / sum); // unity gain at DC for every phase
                }
            }
        }

        short[] apply(short[] in) {
            int outLength = (int) ((long) in.length * up / down);
            short[] out = new short[outLength];
            for (int n = 0; n < outLength; n++) {
                out[n] = output(n, in, 0, in.length);
            }
            return out;
        }

        /** Input sample {@code k} is {@code known[k - knownFrom]} below {@code inputLength}, silence elsewhere. */
        short output(long n, short[] known, long knownFrom, long inputLength) {
            long position = n * down;
            long first = position / up - half + 1;
            float[] taps = phases[(int) (position % up)];
            double acc = 0;
            for (int j = 0; j < taps.length; j++) {
                long k = first + j;
                if (k >= 0 && k < inputLength) {
                    acc += taps[j] * known[(int) (k - knownFrom)];
                }
            }
            return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(acc)));
        }

        /** The first input sample that output {@code n} reads. */
        long firstInput(long n) {
            return n * down / up - half + 1;
        }

        /** The last input sample that output {@code n} reads. */
        long lastInput(long n) {
            return n * down / up + half;
        }

        long outputLength(long inputLength) {
            return inputLength * up / down;
        }

        private static double sinc(double x) {
            return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
        }

        private static double kaiser(double x) {
            if (Math.abs(x) >= 1) {
                return 0;
            }
            return besselI0(KAISER_BETA * Math.sqrt(1 - x * x)) / besselI0(KAISER_BETA);
        }

        private static double besselI0(double x) {
            double sum = 1;
            double term = 1;
            for (int k = 1; k < 50; k++) {
                term *= (x / (2 * k)) * (x / (2 * k));
                sum += term;
                if (term < sum * 1e-12) {
                    break;
                }
            }
            return sum;
        }
    }
}
