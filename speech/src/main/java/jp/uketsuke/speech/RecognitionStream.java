package jp.uketsuke.speech;

/**
 * One caller utterance being recognised while it is spoken. Audio goes in as it arrives; each piece
 * returns what the engine has heard so far, so a flow can stop a prompt as soon as the caller speaks
 * (barge-in) or act before the utterance ends. Not thread-safe: one stream per call leg.
 */
public interface RecognitionStream extends AutoCloseable {

    /** Adds audio and returns the partial hypothesis so far; "" when nothing yet, or the engine hears only at the end. */
    String accept(short[] samples);

    /** Ends the utterance and returns what was heard; the stream takes no more audio. */
    Recognition finish();

    /** Frees the engine's resources; a stream not finished is abandoned. */
    @Override
    void close();
}
