package jp.uketsuke.calls.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.calls.CallDetail;
import jp.uketsuke.calls.CallFigures;
import jp.uketsuke.calls.CallPage;
import jp.uketsuke.calls.CallQuery;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.calls.CallSummary;
import jp.uketsuke.calls.Speaker;
import jp.uketsuke.calls.TranscriptTurn;
import jp.uketsuke.config.DataDirectory;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.redaction.Redactor;
import jp.uketsuke.tenancy.PhoneNumbers;
import jp.uketsuke.vault.CiphertextRejectedException;
import jp.uketsuke.vault.TenantCipher;
import jp.uketsuke.vault.Vault;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads calls back for the console and API: permission and tenant scope first, then the data is read and
 * decrypted (and what callers said masked for a viewer without {@code transcripts:unredacted}), then the access is
 * written to the audit log, and only then is anything returned.
 */
public final class JdbcCallHistory implements CallHistory {

    static final String CALLS_READ = "calls:read";
    static final String RECORDINGS_PLAY = "recordings:play";
    static final String CALLS_EXPORT = "calls:export";
    static final String TRANSCRIPTS_UNREDACTED = "transcripts:unredacted";
    static final int MAX_LIST = 500;

    private final JdbcClient jdbc;
    private final Vault vault;
    private final AuditLog audit;
    private final RecordingFiles files;
    private final Clock clock;
    private final PlayAudits plays;
    private final JdbcCallList callList;

    public JdbcCallHistory(JdbcClient jdbc, Vault vault, AuditLog audit, DataDirectory dataDirectory, Clock clock) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.audit = audit;
        this.files = new RecordingFiles(dataDirectory);
        this.clock = clock;
        this.plays = new PlayAudits(clock);
        this.callList = new JdbcCallList(jdbc, vault, clock, this::record);
    }

    @Override
    public CallPage query(Viewer viewer, CallQuery query) {
        return callList.query(viewer, query);
    }

    @Override
    public Optional<String> callerReference(Viewer viewer, UUID tenantId, String callerNumber) {
        return callList.callerReference(viewer, tenantId, callerNumber);
    }

    @Override
    public Optional<CallFigures> figures(Viewer viewer, UUID tenantId, LocalDate day) {
        return callList.figures(viewer, tenantId, day);
    }

    @Override
    public List<CallSummary> list(Viewer viewer, UUID tenantId, int limit) {
        return summaries(viewer, tenantId, "call.list", null, limit);
    }

    @Override
    public List<CallSummary> listByCaller(Viewer viewer, UUID tenantId, String callerNumber, int limit) {
        return summaries(viewer, tenantId, "call.search", PhoneNumbers.normalise(callerNumber), limit);
    }

    /** {@code caller} null: all calls; "" (not a number): none; else calls from that normalised number. */
    private List<CallSummary> summaries(Viewer viewer, UUID tenantId, String action, String caller, int limit) {
        String target = "tenant:" + tenantId;
        if (tenantId == null || !viewer.may(CALLS_READ, tenantId)) {
            record(viewer, tenantId, action, target, AuditEvent.DENIED);
            return List.of();
        }
        TenantCipher cipher = vault.forTenant(tenantId);
        List<CallRow> rows;
        if (caller == null) {
            rows = jdbc.sql(CallRow.SELECT + " where c.tenant_id = ? order by c.started_at desc, c.id limit ?")
                    .params(tenantId, Math.clamp(limit, 1, MAX_LIST))
                    .query(CallRow::map)
                    .list();
        } else if (caller.isEmpty()) {
            rows = List.of();
        } else {
            rows = jdbc.sql(CallRow.SELECT + " where c.tenant_id = ? and c.caller_index = ? order by c.started_at desc, c.id limit ?")
                    .params(tenantId, cipher.index(caller), Math.clamp(limit, 1, MAX_LIST))
                    .query(CallRow::map)
                    .list();
        }
        List<CallSummary> summaries = new ArrayList<>(rows.size());
        for (CallRow row : rows) {
            summaries.add(summary(row, CallerMask.maskedOrBlank(row.id(), row.callerNumber(), cipher)));
        }
        record(viewer, tenantId, action, target, AuditEvent.OK);
        return summaries;
    }

    @Override
    public Optional<CallDetail> find(Viewer viewer, UUID callId) {
        String target = "call:" + callId;
        Optional<CallRow> found = callId == null ? Optional.empty()
                : jdbc.sql(CallRow.SELECT + " where c.id = ?").param(callId).query(CallRow::map).optional();
        if (found.isEmpty()) {
            record(viewer, null, "call.read", target, AuditEvent.NOT_FOUND);
            return Optional.empty();
        }
        CallRow row = found.get();
        if (!viewer.may(CALLS_READ, row.tenantId())) {
            record(viewer, row.tenantId(), "call.read", target, AuditEvent.DENIED);
            return Optional.empty();
        }
        boolean unredacted = viewer.may(TRANSCRIPTS_UNREDACTED, row.tenantId());
        // the operation log tells who saw callers' words unmasked, for scoping an incident (S10)
        String action = unredacted ? "call.read.unredacted" : "call.read";
        CallDetail detail;
        try {
            detail = detail(row, vault.forTenant(row.tenantId()), unredacted);
        } catch (CiphertextRejectedException e) {
            record(viewer, row.tenantId(), action, target, AuditEvent.ERROR);
            throw e;
        }
        record(viewer, row.tenantId(), action, target, AuditEvent.OK);
        return Optional.of(detail);
    }

    @Override
    public Optional<CallExport> export(Viewer viewer, UUID tenantId, Instant from, Instant to, int maxRows) {
        if (from == null || to == null || !from.isBefore(to)) {
            throw new IllegalArgumentException("The period must begin before it ends");
        }
        if (Duration.between(from, to).compareTo(MAX_EXPORT_PERIOD) > 0) {
            throw new IllegalArgumentException("An export covers at most " + MAX_EXPORT_PERIOD.toDays() + " days");
        }
        if (maxRows < 1 || maxRows > MAX_EXPORT_ROWS) {
            throw new IllegalArgumentException("An export holds 1 to " + MAX_EXPORT_ROWS + " calls");
        }
        if (tenantId == null || !viewer.may(CALLS_EXPORT, tenantId)) {
            record(viewer, tenantId, "call.export", "tenant:" + tenantId, AuditEvent.DENIED);
            return Optional.empty();
        }
        boolean unredacted = viewer.may(TRANSCRIPTS_UNREDACTED, tenantId);
        // one more than asked for tells whether the period held more; only ids and sealed bytes are read here
        List<CallRow> rows = jdbc.sql(CallRow.SELECT + " where c.tenant_id = ? and c.started_at >= ? and c.started_at < ?"
                        + " order by c.started_at, c.id limit ?")
                .params(tenantId, OffsetDateTime.ofInstant(from, ZoneOffset.UTC),
                        OffsetDateTime.ofInstant(to, ZoneOffset.UTC), maxRows + 1)
                .query(CallRow::map)
                .list();
        TenantCipher cipher = vault.forTenant(tenantId);
        String action = unredacted ? "call.export.unredacted" : "call.export";
        return Optional.of(new CsvCallExport(rows.subList(0, Math.min(rows.size(), maxRows)), rows.size() > maxRows,
                !unredacted, row -> detail(row, cipher, unredacted),
                (count, result) -> record(viewer, tenantId, action,
                        "tenant:%s calls:%d from:%s to:%s".formatted(tenantId, count, from, to), result)));
    }

    /** The call decrypted, with what the caller said masked unless {@code unredacted}. */
    private CallDetail detail(CallRow row, TenantCipher cipher, boolean unredacted) {
        UUID callId = row.id();
        String caller = row.callerNumber() == null ? ""
                : PhoneNumbers.mask(new String(cipher.open(row.callerNumber(), JdbcCallJournal.callerContext(callId)),
                StandardCharsets.UTF_8));
        List<TranscriptTurn> turns = jdbc.sql("select seq, offset_ms, speaker, text from call_turns where call_id = ? order by seq")
                .param(callId)
                .query((rs, n) -> new TranscriptTurn(Speaker.valueOf(rs.getString(3)), Duration.ofMillis(rs.getLong(2)),
                        shown(new String(cipher.open(rs.getBytes(4), JdbcCallJournal.turnContext(callId, rs.getInt(1))),
                                StandardCharsets.UTF_8), unredacted)))
                .list();
        String purpose = row.purpose() == null ? null : shown(
                new String(cipher.open(row.purpose(), JdbcCallJournal.purposeContext(callId)), StandardCharsets.UTF_8),
                unredacted);
        return new CallDetail(summary(row, caller), turns, purpose, row.flowVersion(), !unredacted);
    }

    private static String shown(String said, boolean unredacted) {
        return unredacted ? said : Redactor.redact(said);
    }

    @Override
    public Optional<Recording> recording(Viewer viewer, UUID callId) {
        return recording(viewer, callId, 0, true);
    }

    @Override
    public Optional<Recording> recording(Viewer viewer, UUID callId, long firstByte) {
        return recording(viewer, callId, firstByte, false);
    }

    private Optional<Recording> recording(Viewer viewer, UUID callId, long firstByte, boolean always) {
        String target = "call:" + callId;
        Optional<RecordingRow> found = callId == null ? Optional.empty() : jdbc.sql("""
                        select c.tenant_id, r.path, r.sample_rate, r.channels, r.pcm_bytes
                        from calls c left join recordings r on r.call_id = c.id where c.id = ?""")
                .param(callId)
                .query((rs, n) -> new RecordingRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3),
                        rs.getInt(4), rs.getObject(5, Long.class)))
                .optional();
        if (found.isEmpty()) {
            record(viewer, null, "recording.play", target, AuditEvent.NOT_FOUND);
            return Optional.empty();
        }
        RecordingRow row = found.get();
        if (!viewer.may(RECORDINGS_PLAY, row.tenantId())) {
            record(viewer, row.tenantId(), "recording.play", target, AuditEvent.DENIED);
            return Optional.empty();
        }
        if (row.path() == null) {
            record(viewer, row.tenantId(), "recording.play", target, AuditEvent.NOT_FOUND);
            return Optional.empty();
        }
        TenantCipher cipher = vault.forTenant(row.tenantId());
        // still being written (or never closed): serve what decrypts now
        long pcmBytes = row.pcmBytes() != null ? row.pcmBytes() : files.decryptableBytes(row.path(), cipher, callId);
        if (always || plays.mustAudit(viewer.actor(), callId, firstByte)) {
            record(viewer, row.tenantId(), "recording.play", target, AuditEvent.OK);
        }
        return Optional.of(new WavRecording(files, row.path(), cipher, callId, row.sampleRate(), row.channels(), pcmBytes));
    }

    private CallSummary summary(CallRow row, String callerMasked) {
        Instant end = row.endedAt() != null ? row.endedAt() : clock.instant();
        Duration duration = Duration.between(row.startedAt(), end);
        return new CallSummary(row.id(), row.tenantId(), row.startedAt(), duration.isNegative() ? Duration.ZERO : duration,
                callerMasked, row.dialedNumber(), CallOutcome.valueOf(row.outcome()), row.hasRecording());
    }

    private void record(Viewer viewer, UUID tenantId, String action, String target, String result) {
        audit.record(new AuditEvent(viewer.actor(), tenantId, action, target, viewer.sourceAddress(), result));
    }

    record CallRow(UUID id, UUID tenantId, Instant startedAt, Instant endedAt, byte[] callerNumber,
                   String dialedNumber, String outcome, boolean hasRecording, byte[] purpose, int flowVersion) {

        static final String SELECT = """
                select c.id, c.tenant_id, c.started_at, c.ended_at, c.caller_number, c.dialed_number, c.outcome,
                       r.call_id as recording, c.purpose, c.flow_version
                from calls c left join recordings r on r.call_id = c.id""";

        static CallRow map(java.sql.ResultSet rs, int rowNum) throws java.sql.SQLException {
            OffsetDateTime ended = rs.getObject(4, OffsetDateTime.class);
            return new CallRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                    rs.getObject(3, OffsetDateTime.class).toInstant(), ended == null ? null : ended.toInstant(),
                    rs.getBytes(5), rs.getString(6), rs.getString(7), rs.getObject(8) != null, rs.getBytes(9),
                    rs.getInt(10));
        }
    }

    private record RecordingRow(UUID tenantId, String path, int sampleRate, int channels, Long pcmBytes) {
    }
}
