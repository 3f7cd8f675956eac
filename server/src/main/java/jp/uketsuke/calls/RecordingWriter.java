package jp.uketsuke.calls;

/**
 * Appends to one call's encrypted recording. Not thread-safe: one media thread writes. A disk failure does not
 * throw: the recording stops, the call goes on, and what was written before is kept.
 */
public interface RecordingWriter extends AutoCloseable {

    /** 20 ms of each direction, same length, at the recording's sample rate. */
    void write(short[] caller, short[] bot);

    /** Finishes the file and records its length; idempotent. Close it before (or when) the call is closed. */
    @Override
    void close();
}
