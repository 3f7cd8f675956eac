package jp.uketsuke.calls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.identity.Viewer;

/**
 * Reading calls back (F7). Every method checks the viewer's permission and tenant scope and writes an
 * audit event before any personal data is returned. A call the viewer may not see is reported as
 * absent, exactly like one that does not exist, so ids cannot be probed. What callers said (turns, purpose) is
 * masked for a viewer without {@code transcripts:unredacted} in that tenant (S8).
 */
public interface CallHistory {

    /** The most calls one export holds (S9): a larger one is refused, to be split into shorter periods. */
    int MAX_EXPORT_ROWS = 10_000;
    /** The longest period one export covers. */
    Duration MAX_EXPORT_PERIOD = Duration.ofDays(366);

    /** Newest first; requires {@code calls:read} on the tenant. */
    List<CallSummary> list(Viewer viewer, UUID tenantId, int limit);

    /**
     * The tenant's calls from one number (any form {@link jp.uketsuke.tenancy.PhoneNumbers} understands), newest
     * first, found through the keyed index; requires {@code calls:read}. The number itself is never logged or audited.
     */
    List<CallSummary> listByCaller(Viewer viewer, UUID tenantId, String callerNumber, int limit);

    /**
     * One page of the tenant's calls matching the query, newest first (keyset paging on (started_at, id)), with
     * status, assignee, tags and purpose category; requires {@code calls:read} (an empty page, audited as denied,
     * otherwise). Audited as {@code call.list}, or {@code call.search} when it looks for a caller's number (which
     * is never logged or audited).
     *
     * @throws InvalidCallQueryException when the cursor was altered or belongs to another tenant
     */
    CallPage query(Viewer viewer, CallQuery query);

    /**
     * What a list may carry instead of a caller's number ({@link CallQuery#callerRef}): the tenant's keyed index of
     * the normalised number, which says nothing of the number and finds nothing in another tenant, so a URL holding
     * it can sit in browser history and access logs. Requires {@code calls:read} on the tenant (empty otherwise).
     * Reads nothing, so it is not audited; the list it leads to is ({@code call.search}).
     *
     * @throws InvalidCallQueryException ("caller") when the number is too long or not a phone number
     */
    Optional<String> callerReference(Viewer viewer, UUID tenantId, String callerNumber);

    /**
     * The dashboard's counts for the tenant's {@code day} (Japan time) and calls per hour for the 7 days up to it;
     * requires {@code calls:read} (empty, audited as denied, otherwise). Counts only: audited as {@code call.figures}.
     */
    Optional<CallFigures> figures(Viewer viewer, UUID tenantId, java.time.LocalDate day);

    /** Requires {@code calls:read}. */
    Optional<CallDetail> find(Viewer viewer, UUID callId);

    /**
     * The tenant's calls that started in [{@code from}, {@code to}), oldest first, at most {@code maxRows}, for a bulk
     * export (S9); requires {@code calls:export} on the tenant (empty, and audited as denied, otherwise). Nothing is
     * decrypted until the export is written.
     *
     * @throws IllegalArgumentException when {@code from} is not before {@code to}, the period is longer than
     *                                  {@link #MAX_EXPORT_PERIOD}, or {@code maxRows} is not within 1 and
     *                                  {@link #MAX_EXPORT_ROWS}
     */
    Optional<CallExport> export(Viewer viewer, UUID tenantId, Instant from, Instant to, int maxRows);

    /** Requires {@code recordings:play}. The audio is decrypted while it is written to {@code out}. Always audited. */
    Optional<Recording> recording(Viewer viewer, UUID callId);

    /**
     * One request of a player that reads the recording in ranges: requires {@code recordings:play}, and is audited once
     * per play rather than once per range ({@code recording.play}): a request from byte 0, and any request when the
     * viewer has no recently audited play of the call, is audited; a later range of the same play is not. Refusals are
     * always audited.
     *
     * @param firstByte where the requested range starts; 0 for the whole file
     */
    Optional<Recording> recording(Viewer viewer, UUID callId, long firstByte);

    /** A call's recording, ready to stream as WAV. */
    interface Recording {

        /** Size of the whole WAV file (header + PCM), for Content-Length. */
        long wavLength();

        void writeWav(OutputStream out) throws IOException;
    }

    /** A bulk export of calls, ready to be written as CSV. */
    interface CallExport {

        /** What callers said is masked in it: the viewer does not hold {@code transcripts:unredacted}. */
        boolean redacted();

        /** More calls started in the period than the export holds: the newest of them are left out. */
        boolean truncated();

        /**
         * Writes the CSV (UTF-8 with a byte-order mark, so that Excel in Japan reads it; CRLF lines; formula-safe cells),
         * one call at a time as it is decrypted, and records one audit event with the number of calls, whether it ends
         * well or not. Written once.
         *
         * @return the number of calls written
         */
        int writeCsv(Writer out) throws IOException;

        /**
         * As {@link #writeCsv(Writer)}, with two more columns on every line, {@code exported_by} and
         * {@code exported_at_jst}: a line copied out of the file still says who took it out and when (S9).
         */
        int writeCsv(Writer out, String exportedBy, Instant exportedAt) throws IOException;
    }
}
