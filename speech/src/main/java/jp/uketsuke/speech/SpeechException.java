package jp.uketsuke.speech;

/** A speech engine is missing, misconfigured or failed; the message says which and what to do. */
public class SpeechException extends RuntimeException {

    public SpeechException(String message) {
        super(message);
    }

    public SpeechException(String message, Throwable cause) {
        super(message, cause);
    }
}
