package jp.uketsuke.speech;

/** Turns one caller utterance into text. Implementations are thread-safe. */
public interface SpeechRecognizer {

    Recognition recognize(AudioClip utterance, Vocabulary vocabulary);
}
