package jp.uketsuke.calls.internal;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.calls.CallCursor;
import jp.uketsuke.calls.CallFigures;
import jp.uketsuke.calls.CallListRequest;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.calls.CallPage;
import jp.uketsuke.calls.CallQuery;
import jp.uketsuke.calls.CallStatus;
import jp.uketsuke.calls.CallSummary;
import jp.uketsuke.calls.ListedCall;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.vault.TenantCipher;
import jp.uketsuke.vault.Vault;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The call list and the dashboard's figures (F7), for {@link JdbcCallHistory}: permission and tenant scope first,
 * then one keyset-paged statement ({@link CallListSql}), the caller numbers decrypted only to be masked, then the
 * audit event, and only then the page.
 */
final class JdbcCallList {

    private final JdbcClient jdbc;
    private final Vault vault;
    private final Clock clock;
    /** Records (viewer, tenant, action, target, result). */
    private final Audit audit;

    interface Audit {
        void record(Viewer viewer, UUID tenantId, String action, String target, String result);
    }

    JdbcCallList(JdbcClient jdbc, Vault vault, Clock clock, Audit audit) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.clock = clock;
        this.audit = audit;
    }

    CallPage query(Viewer viewer, CallQuery query) {
        UUID tenantId = query.tenantId();
        String action = query.searchesCaller() ? "call.search" : "call.list";
        String target = "tenant:" + tenantId;
        if (!viewer.may(JdbcCallHistory.CALLS_READ, tenantId)) {
            audit.record(viewer, tenantId, action, target, AuditEvent.DENIED);
            return CallPage.empty();
        }
        TenantCipher cipher = vault.forTenant(tenantId);
        if (query.after() != null && !MessageDigest.isEqual(query.after().tag(),
                tag(cipher, tenantId, query.after().startedAt(), query.after().id()))) {
            audit.record(viewer, tenantId, action, target, AuditEvent.DENIED);
            throw CallCursor.invalid();
        }
        // a reference is the index itself: made with this tenant's key it matches, made with another's it finds nothing
        CallListSql.Statement statement = CallListSql.page(query,
                query.caller() != null ? cipher.index(query.caller()) : query.callerRef(), query.limit() + 1);
        List<Row> rows = jdbc.sql(statement.sql()).params(statement.params()).query(Row::map).list();
        boolean more = rows.size() > query.limit();
        List<Row> shown = more ? rows.subList(0, query.limit()) : rows;
        Map<UUID, List<String>> tags = tags(shown);
        List<ListedCall> calls = new ArrayList<>(shown.size());
        for (Row row : shown) {
            calls.add(new ListedCall(summary(row, CallerMask.maskedOrBlank(row.id(), row.callerNumber(), cipher)),
                    CallStatus.valueOf(row.status()), row.assignee(),
                    tags.getOrDefault(row.id(), List.of()), row.category()));
        }
        String next = null;
        if (more) {
            Row last = shown.getLast();
            next = new CallCursor(last.startedAt(), last.id(), tag(cipher, tenantId, last.startedAt(), last.id())).token();
        }
        audit.record(viewer, tenantId, action, target, AuditEvent.OK);
        return new CallPage(calls, next);
    }

    Optional<String> callerReference(Viewer viewer, UUID tenantId, String callerNumber) {
        String number = CallListRequest.callerNumber(callerNumber);
        if (tenantId == null || !viewer.may(JdbcCallHistory.CALLS_READ, tenantId)) {
            return Optional.empty();
        }
        return Optional.of(vault.forTenant(tenantId).index(number));
    }

    Optional<CallFigures> figures(Viewer viewer, UUID tenantId, LocalDate day) {
        String target = "tenant:" + tenantId;
        if (tenantId == null || !viewer.may(JdbcCallHistory.CALLS_READ, tenantId)) {
            audit.record(viewer, tenantId, "call.figures", target, AuditEvent.DENIED);
            return Optional.empty();
        }
        Instant dayStart = day.atStartOfDay(CallListRequest.JAPAN).toInstant();
        Instant dayEnd = day.plusDays(1).atStartOfDay(CallListRequest.JAPAN).toInstant();
        Map<String, Long> byOutcome = new HashMap<>();
        jdbc.sql("select outcome, count(*) from calls where tenant_id = ? and started_at >= ? and started_at < ? group by outcome")
                .params(tenantId, CallListSql.utc(dayStart), CallListSql.utc(dayEnd))
                .query(rs -> {
                    byOutcome.put(rs.getString(1), rs.getLong(2));
                });
        long inProgress = jdbc.sql("select count(*) from calls where tenant_id = ? and outcome = ?")
                .params(tenantId, CallOutcome.IN_PROGRESS.name()).query(Long.class).single();
        long waiting = jdbc.sql("select count(*) from calls where tenant_id = ? and outcome = ? and status = ?")
                .params(tenantId, CallOutcome.MESSAGE_TAKEN.name(), CallStatus.OPEN.name()).query(Long.class).single();
        // 7 days of hours ending with the day's last; the hours are counted here, the same on H2 and PostgreSQL
        Instant hourlyFrom = day.minusDays(6).atStartOfDay(CallListRequest.JAPAN).toInstant();
        int[] hourly = new int[CallFigures.HOURS];
        jdbc.sql("select started_at from calls where tenant_id = ? and started_at >= ? and started_at < ?")
                .params(tenantId, CallListSql.utc(hourlyFrom), CallListSql.utc(dayEnd))
                .query(rs -> {
                    long hour = Duration.between(hourlyFrom, rs.getObject(1, OffsetDateTime.class).toInstant()).toHours();
                    if (hour >= 0 && hour < hourly.length) {
                        hourly[(int) hour]++;
                    }
                });
        long total = byOutcome.values().stream().mapToLong(Long::longValue).sum();
        audit.record(viewer, tenantId, "call.figures", target, AuditEvent.OK);
        return Optional.of(new CallFigures(total, byOutcome.getOrDefault(CallOutcome.FAQ_ANSWERED.name(), 0L),
                byOutcome.getOrDefault(CallOutcome.BLOCKED.name(), 0L), inProgress, waiting, hourlyFrom,
                Arrays.stream(hourly).boxed().toList()));
    }

    /** 8 bytes of the tenant's keyed index over the position: a cursor made for one tenant fails in another. */
    private static byte[] tag(TenantCipher cipher, UUID tenantId, Instant startedAt, UUID id) {
        return HexFormat.of().parseHex(cipher.index(CallCursor.tagged(tenantId, startedAt, id)).substring(0, 16));
    }

    private Map<UUID, List<String>> tags(List<Row> rows) {
        if (rows.isEmpty()) {
            return Map.of();
        }
        CallListSql.Statement statement = CallListSql.tags(rows.stream().map(Row::id).toList());
        Map<UUID, List<String>> tags = new HashMap<>();
        jdbc.sql(statement.sql()).params(statement.params()).query(rs -> {
            tags.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(rs.getString(2));
        });
        return tags;
    }

    private CallSummary summary(Row row, String callerMasked) {
        Instant end = row.endedAt() != null ? row.endedAt() : clock.instant();
        Duration duration = Duration.between(row.startedAt(), end);
        return new CallSummary(row.id(), row.tenantId(), row.startedAt(), duration.isNegative() ? Duration.ZERO : duration,
                callerMasked, row.dialedNumber(), CallOutcome.valueOf(row.outcome()), row.hasRecording());
    }

    private record Row(UUID id, UUID tenantId, Instant startedAt, Instant endedAt, byte[] callerNumber,
                       String dialedNumber, String outcome, boolean hasRecording, String status, String assignee,
                       String category) {

        static Row map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
            OffsetDateTime ended = rs.getObject(4, OffsetDateTime.class);
            return new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                    rs.getObject(3, OffsetDateTime.class).toInstant(), ended == null ? null : ended.toInstant(),
                    rs.getBytes(5), rs.getString(6), rs.getString(7), rs.getObject(8) != null, rs.getString(9),
                    rs.getString(10), rs.getString(11));
        }
    }

}
