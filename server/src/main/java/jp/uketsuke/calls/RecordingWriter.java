package jp.uketsuke.calls;

/** Appends to one call's encrypted recording. Not thread-safe: one media thread writes. */
public interface RecordingWriter extends AutoCloseable {

    /** 20 ms of each direction, same length, at the recording's sample rate. */
    void write(short[] caller, short[] bot);

    @Override
    void close();
}
