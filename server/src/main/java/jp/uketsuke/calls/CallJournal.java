package jp.uketsuke.calls;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes a call's record as the call happens, so that a crash keeps everything up to the crash.
 * Personal data (caller number, turn text, audio) is encrypted with the tenant's key before writing.
 * Each method commits before it returns. A call is written by the node that opened it; after a crash that
 * node marks it {@link CallOutcome#INCOMPLETE} when it starts again.
 */
public interface CallJournal {

    /**
     * Opens the record. {@code callerNumber} in any form a trunk sends; a withheld or unparseable one is stored as
     * absent. Fails (and stores nothing) when the tenant has no keys.
     */
    UUID open(UUID tenantId, String callerNumber, String dialedNumber, Instant startedAt);

    /** Opens the record of a call answered by version {@code flowVersion} of the tenant's flow (0: the standard one). */
    UUID open(UUID tenantId, String callerNumber, String dialedNumber, Instant startedAt, int flowVersion);

    /** The purpose the caller gave (用件), at most 2,000 characters; sealed like the transcript. */
    void setPurpose(UUID callId, String purpose);

    /** Appends one turn (at most 20,000 characters); only for a call this node opened and has not closed. */
    void addTurn(UUID callId, Speaker speaker, Duration offset, String text);

    /**
     * Starts the call's stereo recording (left: caller, right: bot), 16-bit PCM at {@code sampleRate} (8–48 kHz),
     * once per call. Throws {@link java.io.UncheckedIOException} when the file cannot be created: go on without it.
     */
    RecordingWriter openRecording(UUID callId, int sampleRate);

    /**
     * Records the end; {@code outcome} is final (not IN_PROGRESS). Closing an already closed call changes nothing.
     * Once committed, {@link CallCompleted} is published (and {@link MessageTaken} for a message).
     */
    void close(UUID callId, Instant endedAt, CallOutcome outcome);
}
