package jp.uketsuke.summary.internal;

/**
 * The LLM summariser could not give a usable summary. Its message says why in terms an operator can act on and never
 * holds anything of the call (the LLM's answer is not quoted: it may repeat the caller's words).
 */
final class SummariserException extends RuntimeException {

    SummariserException(String message) {
        super(message);
    }

    SummariserException(String message, Throwable cause) {
        super(message, cause);
    }
}
