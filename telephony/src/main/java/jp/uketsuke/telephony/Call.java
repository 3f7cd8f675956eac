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

    /**
     * Places an outbound leg to {@code destination} on this call's behalf (e.g. to staff, for a bridged transfer)
     * and returns at once; the leg rings until answered, refused or {@code ringTimeout} passes (then CANCEL).
     */
    OutboundLeg dial(Destination destination, CallerId callerId, Duration ringTimeout);

    /**
     * Connects this call's audio with {@code other}'s, both ways (transcoded when their codecs differ), until one
     * of them ends; then the other is hung up too. Meanwhile this call plays nothing of its own and delivers no
     * {@link MediaEvent.Audio}; its recorder keeps getting this side and what the other side says.
     */
    void bridge(Call other);

    /**
     * Blind transfer (RFC 3515): asks the other side of this call to call {@code target} itself and waits up to
     * {@code timeout} for the outcome it reports. When it reached the target, this call is hung up; otherwise the
     * call goes on as before.
     */
    ReferResult referTo(Destination target, Duration timeout) throws InterruptedException;
}
