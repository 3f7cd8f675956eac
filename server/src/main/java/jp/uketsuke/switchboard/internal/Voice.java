package jp.uketsuke.switchboard.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 *
 * <p>Prompts are kept at the rates calls use, because every call plays the same greeting: synthesis takes a few
 * hundred milliseconds, and resampling showed in every call's profile. Calls that ask for a prompt
 * being made wait for that one synthesis instead of starting their own, so a burst of first calls after start-up
 * (or after a tenant changed a prompt) costs one synthesis per prompt, not one per call. Like the synthesizer's
 * own prompt cache, this holds prompt text only; flows must not put caller data into prompts.
 */
final class Voice {

    private static final Logger log = LoggerFactory.getLogger(Voice.class);
    /** Prompts kept: a few seconds of 8 or 16 kHz audio each, so tens of megabytes at worst. */
    private static final int PROMPTS_KEPT = 256;

    private final SpeechSynthesizer synthesizer;
    private final Map<Key, CompletableFuture<short[]>> prompts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, CompletableFuture<short[]>> eldest) {
            return size() > PROMPTS_KEPT;
        }
    };

    private record Key(String text, String language, int sampleRate) {
    }

    /** @param synthesizer null when no engine is available */
    Voice(SpeechSynthesizer synthesizer) {
        this.synthesizer = synthesizer;
    }

    short[] speak(String text, String language, int sampleRate) {
        if (synthesizer == null) {
            return chime(sampleRate);
        }
        Key key = new Key(text, language, sampleRate);
        CompletableFuture<short[]> prompt;
        boolean ours = false;
        synchronized (prompts) {
            prompt = prompts.get(key);
            if (prompt == null) {
                prompt = new CompletableFuture<>();
                prompts.put(key, prompt);
                ours = true;
            }
        }
        if (ours) {
            try {
                AudioClip clip = synthesizer.synthesize(text, language);
                prompt.complete(Resampler.resample(clip, sampleRate).samples());
            } catch (SpeechException e) {
                log.warn("Speech synthesis failed, playing a chime instead: {}", e.getMessage());
            } finally {
                if (!prompt.isDone()) {
                    // not kept: the next call tries the engine again; whoever waits hears the chime
                    synchronized (prompts) {
                        prompts.remove(key, prompt);
                    }
                    prompt.complete(null);
                }
            }
        }
        short[] samples = prompt.join();
        // each call gets its own copy, so no call can spoil the kept one
        return samples == null ? chime(sampleRate) : samples.clone();
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
