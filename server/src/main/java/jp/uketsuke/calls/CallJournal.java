package jp.uketsuke.calls;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes a call's record as the call happens, so that a crash keeps everything up to the crash.
 * Personal data (caller number, turn text, audio) is encrypted with the tenant's key before writing.
 */
public interface CallJournal {

    UUID open(UUID tenantId, String callerNumber, String dialedNumber, Instant startedAt);

    void addTurn(UUID callId, Speaker speaker, Duration offset, String text);

    /** Starts the call's stereo recording (left: caller, right: bot), 16-bit PCM at {@code sampleRate}. */
    RecordingWriter openRecording(UUID callId, int sampleRate);

    void close(UUID callId, Instant endedAt, CallOutcome outcome);
}
