package jp.uketsuke.calls.internal;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.calls.CallDetail;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.calls.CallSummary;
import jp.uketsuke.calls.TranscriptTurn;
import jp.uketsuke.web.CsvCells;

/**
 * Calls as CSV (S9): one line per call, decrypted (and masked) one call at a time as it is written, so a large export
 * never sits whole in memory; one audit event when it ends, with the number of calls written and never their data.
 */
final class CsvCallExport implements CallHistory.CallExport {

    /** Japanese businesses read times in Japan time, as the console shows them. */
    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final List<String> HEADER = List.of("started_at_jst", "duration_seconds", "caller", "dialed_number", "outcome",
            "flow_version", "purpose", "transcript");
    static final List<String> STAMP_HEADER = List.of("exported_by", "exported_at_jst");

    /** Records the export once it has ended: how many calls were written, and "ok" or "error". */
    interface Audit {
        void record(int count, String result);
    }

    private final List<JdbcCallHistory.CallRow> rows;
    private final boolean truncated;
    private final boolean redacted;
    private final Function<JdbcCallHistory.CallRow, CallDetail> decrypt;
    private final Audit audit;
    private boolean written;

    CsvCallExport(List<JdbcCallHistory.CallRow> rows, boolean truncated, boolean redacted,
                  Function<JdbcCallHistory.CallRow, CallDetail> decrypt, Audit audit) {
        this.rows = List.copyOf(rows);
        this.truncated = truncated;
        this.redacted = redacted;
        this.decrypt = decrypt;
        this.audit = audit;
    }

    @Override
    public boolean redacted() {
        return redacted;
    }

    @Override
    public boolean truncated() {
        return truncated;
    }

    @Override
    public int writeCsv(Writer out) throws IOException {
        return write(out, List.of());
    }

    @Override
    public int writeCsv(Writer out, String exportedBy, Instant exportedAt) throws IOException {
        return write(out, List.of(exportedBy, TIME.format(exportedAt.atZone(JAPAN))));
    }

    private synchronized int write(Writer out, List<String> stamp) throws IOException {
        if (written) {
            throw new IllegalStateException("An export is written once");
        }
        written = true;
        int count = 0;
        String result = AuditEvent.ERROR;
        try {
            out.write('\uFEFF'); // Excel reads UTF-8 (Japanese words) only with a byte-order mark
            out.write(CsvCells.row(stamp.isEmpty() ? HEADER : concat(HEADER, STAMP_HEADER)));
            for (JdbcCallHistory.CallRow row : rows) {
                out.write(CsvCells.row(concat(line(decrypt.apply(row)), stamp)));
                count++;
            }
            out.flush();
            result = AuditEvent.OK;
        } finally {
            // a failure half-way (a damaged row, the client gone) is recorded with what had been written by then
            audit.record(count, result);
        }
        return count;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }

    static List<String> line(CallDetail call) {
        CallSummary s = call.summary();
        return List.of(TIME.format(s.startedAt().atZone(JAPAN)), String.valueOf(s.duration().toSeconds()),
                s.callerMasked(), s.dialedNumber() == null ? "" : s.dialedNumber(), s.outcome().name(),
                String.valueOf(call.flowVersion()), call.purpose() == null ? "" : call.purpose(), transcript(call.turns()));
    }

    /** "00:05 CALLER: …" lines, one per turn, in one cell. */
    static String transcript(List<TranscriptTurn> turns) {
        return turns.stream().map(t -> {
            long s = Math.max(0, t.offset().toSeconds());
            return "%02d:%02d %s: %s".formatted(s / 60, s % 60, t.speaker().name().toUpperCase(Locale.ROOT), t.text());
        }).collect(Collectors.joining("\n"));
    }
}
