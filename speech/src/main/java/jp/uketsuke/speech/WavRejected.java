package jp.uketsuke.speech;

/**
 * A WAV file that cannot be read, with the kind of problem, so that a page can say in the user's language what to
 * fix; the message says it in English, with the numbers.
 */
public final class WavRejected extends SpeechException {

    /** What is wrong with the file. */
    public enum Reason {
        /** No RIFF/WAVE header: another kind of file, or a text file renamed .wav. */
        NOT_WAV,
        /** An encoding other than 16-bit or 8-bit PCM and G.711 µ-law/A-law. */
        UNSUPPORTED_FORMAT,
        CHANNELS,
        SAMPLE_RATE,
        /** More bytes than allowed. */
        TOO_LARGE,
        /** Longer than allowed. */
        TOO_LONG,
        /** Well formed, but holds not a single sample. */
        NO_AUDIO,
        /** Sizes or fields that contradict each other or the bytes present: truncated or damaged. */
        MALFORMED
    }

    private final Reason reason;

    public WavRejected(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
