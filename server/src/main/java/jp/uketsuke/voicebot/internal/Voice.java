package jp.uketsuke.voicebot.internal;

import jp.uketsuke.speech.AudioClip;
import jp.uketsuke.speech.Resampler;
import jp.uketsuke.speech.SpeechException;
import jp.uketsuke.speech.SpeechSynthesizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's voice: prompt text to audio at the call's sample rate. Without a synthesizer (espeak-ng not
 * installed) or when it fails, a short chime stands in, so the caller never hears dead silence and
 * the DTMF menu still works (invariant 5).
 */
final class Voice {

    private static final Logger log = LoggerFactory.getLogger(Voice.class);

    private final SpeechSynthesizer synthesizer;

    /** @param synthesizer null when no engine is available */
    Voice(SpeechSynthesizer synthesizer) {
        this.synthesizer = synthesizer;
    }

    short[] speak(String text, String language, int sampleRate) {
        if (synthesizer != null) {
            try {
                AudioClip clip = synthesizer.synthesize(text, language);
                return Resampler.resample(clip, sampleRate).samples();
            } catch (SpeechException e) {
                log.warn("Speech synthesis failed, playing a chime instead: {}", e.getMessage());
            }
        }
        return chime(sampleRate);
    }

    /** Two soft tones: "something is here, listen or press a key". */
    static short[] chime(int sampleRate) {
        int toneLength = sampleRate * 3 / 10;
        short[] out = new short[toneLength * 2 + sampleRate / 10];
        writeTone(out, 0, toneLength, 660, sampleRate);
        writeTone(out, toneLength + sampleRate / 10, toneLength, 880, sampleRate);
        return out;
    }

    private static void writeTone(short[] out, int from, int length, double hz, int sampleRate) {
        for (int i = 0; i < length && from + i < out.length; i++) {
            double fade = Math.min(1, Math.min(i, length - i) / (sampleRate * 0.02));
            out[from + i] = (short) (6000 * fade * Math.sin(2 * Math.PI * hz * i / sampleRate));
        }
    }
}
