package jp.uketsuke.telephony;

import java.time.Duration;
import java.time.Instant;

/** Handle on one established call, given to the {@link CallSession}. Thread-safe. */
public interface Call {

    CallRequest request();

    Instant answeredAt();

    /** Codec name negotiated with the caller: "PCMU", "PCMA" or "G722". */
    String codec();

    /** Sample rate of the audio this call delivers and expects: 8000 (G.711) or 16000 (G.722). */
    int sampleRate();

    /** Next event from the caller, or {@code null} when {@code timeout} passes first. */
    MediaEvent next(Duration timeout) throws InterruptedException;

    /** Queues audio (16-bit PCM at {@link #sampleRate()}) after whatever is already queued. */
    Playback play(short[] samples);

    /** Drops all queued audio at once (barge-in). */
    void stopPlayback();

    /** Starts sending both directions to {@code recorder} from the next media tick on. */
    void record(CallRecorder recorder);

    boolean isActive();

    /** Ends the call (BYE); safe to call more than once. */
    void hangup();
}
