package jp.uketsuke.voicebot;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.identity.Viewer;

/**
 * A tenant's own recorded prompts (F9): WAV files its administrators upload, which a flow's prompt plays by id
 * ({@link Prompt#recorded}) instead of synthesised text. An upload is checked and converted once (RIFF/WAVE with
 * 16-bit or 8-bit PCM or G.711, mono or stereo, 8–48 kHz, at most {@link #MAX_DURATION} and {@link #MAX_BYTES}) and
 * kept as 16 kHz mono, sealed with the tenant's key; calls get it at their own rate. Uploading, listing and
 * deleting need {@code flows:edit} on the tenant and are in the operation log; a recording the published flow or the
 * draft plays cannot be deleted.
 */
public interface PromptRecordings {

    /** Largest upload: a minute of 44.1 kHz mono 16-bit PCM fits. */
    int MAX_BYTES = 5 * 1024 * 1024;
    /** Longest recording: a prompt longer than this loses callers. */
    Duration MAX_DURATION = Duration.ofSeconds(60);
    int MIN_SAMPLE_RATE = 8000;
    int MAX_SAMPLE_RATE = 48_000;
    int MAX_NAME_LENGTH = 100;
    /** Recordings a tenant may keep: enough for every prompt of a large flow, not a dumping ground. */
    int MAX_PER_TENANT = 200;

    /**
     * Checks, converts and stores an uploaded WAV file under a display name; nothing is stored when it is refused.
     *
     * @throws Rejected saying what is wrong with the file or the name
     */
    PromptRecording upload(Viewer viewer, UUID tenantId, String name, byte[] wav);

    /** The tenant's recordings, newest first. */
    List<PromptRecording> list(Viewer viewer, UUID tenantId);

    /**
     * Deletes a recording nothing plays.
     *
     * @throws Rejected ({@link Problem#NOT_FOUND}, {@link Problem#USED_BY_PUBLISHED_FLOW},
     *                  {@link Problem#USED_BY_DRAFT}) when it is not deleted
     */
    void delete(Viewer viewer, UUID tenantId, String id);

    /** Ids of the tenant's recordings, for validating flows; no permission, nothing logged. */
    Set<String> ids(UUID tenantId);

    /**
     * A recording as mono 16-bit samples at the call's rate, for calls; empty when the tenant has no such recording.
     * Each caller gets its own copy.
     */
    Optional<short[]> audio(UUID tenantId, String id, int sampleRate);

    /** One recording as the list shows it. */
    record PromptRecording(String id, String name, Duration duration, Instant uploadedAt, String uploadedBy) {
    }

    /** Why an upload or a deletion was refused. */
    enum Problem {
        NOT_WAV, UNSUPPORTED_FORMAT, CHANNELS, SAMPLE_RATE, TOO_LARGE, TOO_LONG, NO_AUDIO, MALFORMED, NAME, TOO_MANY,
        NOT_FOUND, USED_BY_PUBLISHED_FLOW, USED_BY_DRAFT
    }

    /** Refused, with the problem (for a message in the user's language) and the details in English. */
    final class Rejected extends IllegalArgumentException {
        private final Problem problem;

        public Rejected(Problem problem, String message) {
            super(message);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }
}
