package jp.uketsuke.telephony;

/** Audio queued for the caller with {@link Call#play}. */
public interface Playback {

    /** Blocks until the audio has been sent, was stopped, or the call ended. */
    void await() throws InterruptedException;

    boolean isDone();
}
