package jp.uketsuke.telephony;

/**
 * Receives both directions of a call, aligned: one call per 20 ms media tick. Silence is sent as
 * zeros, so the two channels stay in step for the whole call.
 */
public interface CallRecorder {

    /** {@code caller} and {@code bot} are 20 ms each at the call's sample rate. Must not block long. */
    void frame(short[] caller, short[] bot);

    /** The call ended; no more frames follow. */
    void close();
}
