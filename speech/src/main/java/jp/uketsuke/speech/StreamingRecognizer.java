package jp.uketsuke.speech;

/** Opens a {@link RecognitionStream} per utterance. Implementations are thread-safe. */
public interface StreamingRecognizer {

    RecognitionStream open(int sampleRate, Vocabulary vocabulary);

    /**
     * Streaming for any recognizer: one that streams natively is returned as it is; for the others the
     * audio is collected and recognised at the end of the utterance, with no partial hypotheses.
     */
    static StreamingRecognizer of(SpeechRecognizer recognizer) {
        if (recognizer instanceof StreamingRecognizer streaming) {
            return streaming;
        }
        return (sampleRate, vocabulary) -> new CollectedUtterance(recognizer, sampleRate, vocabulary);
    }
}
