package jp.uketsuke.telephony.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class G722Test {

    static short[] sine(double hz, int sampleRate, int samples, double amplitude) {
        short[] pcm = new short[samples];
        for (int i = 0; i < samples; i++) {
            pcm[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / sampleRate));
        }
        return pcm;
    }

    /** SNR in dB after removing the codec's fixed delay (found by searching the best alignment). */
    static double snr(short[] in, short[] out, int skip) {
        double best = Double.NEGATIVE_INFINITY;
        for (int delay = 0; delay < 64; delay++) {
            double signal = 0;
            double noise = 0;
            for (int i = skip; i + delay < out.length; i++) {
                double error = out[i + delay] - in[i];
                signal += (double) in[i] * in[i];
                noise += error * error;
            }
            best = Math.max(best, 10 * Math.log10(signal / Math.max(noise, 1)));
        }
        return best;
    }

    @Test
    void oneKilohertzSineSurvivesARoundTripWithGoodSnr() {
        short[] in = sine(1000, 16000, 16000, 10000);
        byte[] encoded = new G722Encoder().encode(in);
        assertThat(encoded).hasSize(8000);
        short[] out = new G722Decoder().decode(encoded, 0, encoded.length);
        assertThat(out).hasSize(16000);
        assertThat(snr(in, out, 800)).isGreaterThan(25.0);
    }

    @Test
    void wideBandToneAboveFourKilohertzIsCarriedByTheUpperBand() {
        short[] in = sine(5500, 16000, 16000, 8000);
        byte[] encoded = new G722Encoder().encode(in);
        short[] out = new G722Decoder().decode(encoded, 0, encoded.length);
        // a narrowband codec would lose this tone entirely
        assertThat(snr(in, out, 800)).isGreaterThan(10.0);
    }

    @Test
    void silenceStaysNearSilent() {
        short[] out = new G722Decoder().decode(new G722Encoder().encode(new short[3200]), 0, 1600);
        for (short sample : out) {
            assertThat(Math.abs(sample)).isLessThan(64);
        }
    }

    @Test
    void arbitraryBytesDecodeWithoutFailure() {
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        short[] out = new G722Decoder().decode(garbage, 0, garbage.length);
        assertThat(out).hasSize(8192);
    }
}
