package jp.uketsuke.telephony.internal.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RateConverterTest {

    @Test
    void aToneKeepsItsPitchAndLoudnessDownAndUp() {
        short[] wide = tone(16000, 1000, 16000);
        short[] narrow = run(new RateConverter(16000, 8000), wide, 320);
        assertThat(narrow).hasSize(8000);
        assertThat(share(narrow, 4000, 4000, 8000, 1000)).isGreaterThan(0.95);
        assertThat(rms(narrow, 4000, 4000)).isBetween(rms(wide, 8000, 8000) * 0.9, rms(wide, 8000, 8000) * 1.1);

        short[] back = run(new RateConverter(8000, 16000), narrow, 160);
        assertThat(back).hasSize(16000);
        assertThat(share(back, 8000, 8000, 16000, 1000)).isGreaterThan(0.95);
        assertThat(rms(back, 8000, 8000)).isBetween(rms(wide, 8000, 8000) * 0.85, rms(wide, 8000, 8000) * 1.15);
    }

    @Test
    void whatNarrowbandCannotCarryIsFilteredOutNotFoldedBack() {
        // 6 kHz at 16 kHz would alias to 2 kHz at 8 kHz without the low-pass
        short[] narrow = run(new RateConverter(16000, 8000), tone(16000, 6000, 16000), 320);
        assertThat(rms(narrow, 4000, 4000)).isLessThan(rms(tone(16000, 6000, 16000), 0, 16000) * 0.1);
    }

    @Test
    void sameRateIsPassedThroughAndOtherRatesAreRefused() {
        short[] frame = tone(8000, 440, 160);
        assertThat(new RateConverter(8000, 8000).convert(frame)).isSameAs(frame);
        assertThatThrownBy(() -> new RateConverter(8000, 48000)).isInstanceOf(IllegalArgumentException.class);
    }

    private static short[] run(RateConverter converter, short[] input, int frame) {
        short[] out = new short[0];
        for (int at = 0; at < input.length; at += frame) {
            short[] part = converter.convert(java.util.Arrays.copyOfRange(input, at, at + frame));
            short[] joined = java.util.Arrays.copyOf(out, out.length + part.length);
            System.arraycopy(part, 0, joined, out.length, part.length);
            out = joined;
        }
        return out;
    }

    static short[] tone(int rate, double hz, int samples) {
        short[] pcm = new short[samples];
        for (int i = 0; i < samples; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return pcm;
    }

    static double rms(short[] samples, int from, int length) {
        double sum = 0;
        for (int i = from; i < from + length; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return Math.sqrt(sum / length);
    }

    /** Share of the energy at {@code hz} (Goertzel). */
    static double share(short[] samples, int from, int length, int rate, double hz) {
        double coefficient = 2 * Math.cos(2 * Math.PI * hz / rate);
        double s1 = 0;
        double s2 = 0;
        double energy = 0;
        for (int i = from; i < from + length; i++) {
            double s0 = samples[i] + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
            energy += (double) samples[i] * samples[i];
        }
        return 2 * (s1 * s1 + s2 * s2 - coefficient * s1 * s2) / (length * Math.max(energy, 1));
    }
}
