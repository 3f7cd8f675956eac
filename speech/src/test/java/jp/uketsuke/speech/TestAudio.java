package jp.uketsuke.speech;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import jp.uketsuke.speech.espeak.EspeakSynthesizer;
import jp.uketsuke.speech.openjtalk.OpenJTalkSynthesizer;

/** Real audio for tests: espeak-ng and Open JTalk speech, silence, noise and tones, cut into frames. */
public final class TestAudio {

    private static final EspeakSynthesizer ESPEAK = new EspeakSynthesizer(EspeakSynthesizer.Config.defaults());

    private TestAudio() {
    }

    /** espeak-ng speaking {@code text} in US English at the given rate. */
    public static AudioClip speech(String text, int sampleRate) {
        return Resampler.resample(ESPEAK.synthesize(text, "en-US"), sampleRate);
    }

    /** Open JTalk speaking {@code text} in Japanese at the given rate: a Japanese caller for detector tests. */
    public static AudioClip japaneseSpeech(String text, int sampleRate) {
        return Resampler.resample(JapaneseVoice.OPEN_JTALK.synthesize(text, "ja-JP"), sampleRate);
    }

    // Built on first use, so tests without Japanese speech do not need the voice installed.
    private static final class JapaneseVoice {
        static final OpenJTalkSynthesizer OPEN_JTALK = new OpenJTalkSynthesizer(OpenJTalkSynthesizer.Config.defaults());
    }

    public static AudioClip silence(int sampleRate, int millis) {
        return new AudioClip(sampleRate, new short[sampleRate * millis / 1000]);
    }

    /** White noise with the given RMS level in dB below full scale, from a fixed seed. */
    public static AudioClip noise(int sampleRate, int millis, double dbfs, long seed) {
        Random random = new Random(seed);
        double rms = 32768 * Math.pow(10, dbfs / 20);
        short[] s = new short[sampleRate * millis / 1000];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.max(-32768, Math.min(32767, Math.round(random.nextGaussian() * rms)));
        }
        return new AudioClip(sampleRate, s);
    }

    public static AudioClip tone(int sampleRate, double hz, int millis, double amplitude) {
        short[] s = new short[sampleRate * millis / 1000];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * i / sampleRate));
        }
        return new AudioClip(sampleRate, s);
    }

    public static AudioClip concat(AudioClip... clips) {
        int length = 0;
        for (AudioClip c : clips) {
            length += c.samples().length;
        }
        short[] all = new short[length];
        int p = 0;
        for (AudioClip c : clips) {
            System.arraycopy(c.samples(), 0, all, p, c.samples().length);
            p += c.samples().length;
        }
        return new AudioClip(clips[0].sampleRate(), all);
    }

    /** Sample-wise sum, clipped: speech over line noise. */
    public static AudioClip mix(AudioClip a, AudioClip b) {
        short[] s = new short[Math.max(a.samples().length, b.samples().length)];
        for (int i = 0; i < s.length; i++) {
            int v = (i < a.samples().length ? a.samples()[i] : 0) + (i < b.samples().length ? b.samples()[i] : 0);
            s[i] = (short) Math.max(-32768, Math.min(32767, v));
        }
        return new AudioClip(a.sampleRate(), s);
    }

    /** 20 ms frames, the last one zero-padded. */
    public static List<short[]> frames(AudioClip clip) {
        int size = clip.sampleRate() / 50;
        List<short[]> frames = new ArrayList<>();
        for (int i = 0; i < clip.samples().length; i += size) {
            short[] f = new short[size];
            System.arraycopy(clip.samples(), i, f, 0, Math.min(size, clip.samples().length - i));
            frames.add(f);
        }
        return frames;
    }

    /** Feeds the clip through the detector in 20 ms frames and collects what it emits. */
    public static List<AudioClip> utterances(UtteranceDetector detector, AudioClip clip) {
        List<AudioClip> found = new ArrayList<>();
        for (short[] frame : frames(clip)) {
            detector.accept(frame).ifPresent(found::add);
        }
        return found;
    }
}
