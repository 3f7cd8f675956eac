package jp.uketsuke.speech;

/** Turns a prompt into audio. Implementations are thread-safe. */
public interface SpeechSynthesizer {

    /** @param language BCP 47 tag, e.g. "en-US" or "ja-JP" */
    AudioClip synthesize(String text, String language);
}
