package jp.uketsuke.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ResamplerTest {

    @ParameterizedTest(name = "{0} Hz → {1} Hz keeps a {2} Hz tone")
    @CsvSource({"8000, 16000, 1000", "16000, 8000, 1000", "22050, 8000, 3000", "22050, 16000, 5000",
        "24000, 8000, 440", "24000, 16000, 2500", "16000, 22050, 3000", "44100, 8000, 300", "48000, 16000, 6000"})
    void keepsToneFrequencyAndLevel(int from, int to, double hz) {
        AudioClip out = Resampler.resample(TestAudio.tone(from, hz, 1000, 0.5), to);

        assertThat(out.sampleRate()).isEqualTo(to);
        assertThat(out.samples().length).isBetween(to - 1, to);
        short[] middle = java.util.Arrays.copyOfRange(out.samples(), to / 4, 3 * to / 4); // away from edges
        assertThat(toneFraction(middle, to, hz)).isGreaterThan(0.99);
        assertThat(rms(middle)).isCloseTo(0.5 * 32767 / Math.sqrt(2), org.assertj.core.data.Percentage.withPercentage(3));
    }

    @ParameterizedTest(name = "{0} Hz → {1} Hz removes a {2} Hz tone")
    @CsvSource({"16000, 8000, 6000", "22050, 8000, 6000", "24000, 8000, 5000", "22050, 16000, 10000",
        "48000, 8000, 12000"})
    void attenuatesToneAboveTheNewNyquist(int from, int to, double hz) {
        AudioClip in = TestAudio.tone(from, hz, 1000, 0.5);
        AudioClip out = Resampler.resample(in, to);

        short[] middle = java.util.Arrays.copyOfRange(out.samples(), to / 4, 3 * to / 4);
        double attenuationDb = 20 * Math.log10(rms(middle) / rms(in.samples()));
        assertThat(attenuationDb).isLessThan(-50);
    }

    @Test
    void sameRateReturnsTheClipAndEmptyStaysEmpty() {
        AudioClip clip = TestAudio.tone(8000, 440, 100, 0.1);
        assertThat(Resampler.resample(clip, 8000)).isSameAs(clip);
        assertThat(Resampler.resample(new AudioClip(8000, new short[0]), 16000).samples()).isEmpty();
    }

    @Test
    void fullScaleSquareWaveClipsInsteadOfWrappingAround() {
        short[] square = new short[1600];
        for (int i = 0; i < square.length; i++) {
            square[i] = (i / 20) % 2 == 0 ? Short.MAX_VALUE : Short.MIN_VALUE;
        }
        short[] out = Resampler.resample(new AudioClip(8000, square), 16000).samples();
        for (int i = 100; i < out.length - 100; i += 80) {
            // Every 20-sample half-period ends at full scale with the right sign (overshoot is clipped).
            assertThat(Math.signum(out[i + 30])).isEqualTo(Math.signum(square[(i + 30) / 2]));
        }
    }

    @Test
    void rejectsImpossibleRates() {
        AudioClip clip = TestAudio.tone(8000, 440, 100, 0.1);
        assertThatThrownBy(() -> Resampler.resample(clip, 0)).isInstanceOf(SpeechException.class);
        assertThatThrownBy(() -> Resampler.resample(clip, 7919)).isInstanceOf(SpeechException.class)
                .hasMessageContaining("ratio");
        assertThatThrownBy(() -> Resampler.resample(clip, 10_000_000)).isInstanceOf(SpeechException.class);
        assertThatThrownBy(() -> Resampler.resample(null, 8000)).isInstanceOf(SpeechException.class);
    }

    /** Share of the signal's power at {@code hz}, by correlating with a sine and cosine at that frequency. */
    static double toneFraction(short[] s, int rate, double hz) {
        double re = 0;
        double im = 0;
        double power = 0;
        for (int i = 0; i < s.length; i++) {
            re += s[i] * Math.cos(2 * Math.PI * hz * i / rate);
            im += s[i] * Math.sin(2 * Math.PI * hz * i / rate);
            power += (double) s[i] * s[i];
        }
        return 2 * (re * re + im * im) / s.length / power;
    }

    static double rms(short[] s) {
        double sum = 0;
        for (short v : s) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum / s.length);
    }

    @ParameterizedTest(name = "{0} Hz → {1} Hz in pieces of {2} samples equals resampling the whole")
    @CsvSource({"8000, 16000, 160", "8000, 16000, 1", "16000, 8000, 320", "22050, 16000, 441", "48000, 16000, 7",
        "16000, 16000, 320"})
    void streamingInPiecesGivesExactlyTheWholeClipsResult(int from, int to, int piece) {
        AudioClip whole = TestAudio.mix(TestAudio.tone(from, 440, 700, 0.4), TestAudio.noise(from, 700, -20, 7));
        Resampler.Stream stream = Resampler.stream(from, to);
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        java.util.Random sizes = new java.util.Random(piece);
        for (int i = 0; i < whole.samples().length; ) {
            int n = Math.min(whole.samples().length - i, 1 + sizes.nextInt(2 * piece));
            append(joined, stream.accept(java.util.Arrays.copyOfRange(whole.samples(), i, i + n)));
            i += n;
        }
        append(joined, stream.finish());

        assertThat(joined.toByteArray()).isEqualTo(bytes(Resampler.resample(whole, to).samples()));
        assertThatThrownBy(() -> stream.accept(new short[1])).isInstanceOf(SpeechException.class);
    }

    @Test
    void streamingHoldsBackOnlyTheFilterLength() {
        Resampler.Stream stream = Resampler.stream(8000, 16000);

        short[] first = stream.accept(TestAudio.tone(8000, 440, 20, 0.3).samples());

        assertThat(first.length).isBetween(320 - 64, 320); // 20 ms in, nearly 20 ms out
    }

    private static void append(java.io.ByteArrayOutputStream out, short[] samples) {
        out.writeBytes(bytes(samples));
    }

    private static byte[] bytes(short[] samples) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(samples.length * 2);
        for (short s : samples) {
            buf.putShort(s);
        }
        return buf.array();
    }
}
