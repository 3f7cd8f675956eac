package jp.uketsuke.summary.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.summary.PurposeCategory;
import jp.uketsuke.summary.RequestedTime;
import jp.uketsuke.summary.Summary;
import jp.uketsuke.summary.SummaryMethod;
import jp.uketsuke.summary.Urgency;
import jp.uketsuke.vault.Vault;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tables {@code call_summaries} and {@code summary_settings}. A summary is stored as a small JSON document sealed with
 * the tenant's key (context "call:&lt;id&gt;:summary"), like the call's transcript (invariant 1).
 */
final class JdbcSummaryStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Vault vault;

    JdbcSummaryStore(JdbcClient jdbc, Vault vault) {
        this.jdbc = jdbc;
        this.vault = vault;
    }

    /** The sealed document: names of the fields are not personal data, their values are. */
    private record Stored(String category, String name, String number, String date, String time, String part,
                         String urgency) {
    }

    boolean has(UUID callId) {
        return jdbc.sql("select count(*) from call_summaries where call_id = ?").param(callId).query(Long.class).single() > 0;
    }

    /** Returns false when the call already has one (another node or an earlier attempt made it): it is kept. */
    boolean save(UUID callId, UUID tenantId, Summary summary, Instant now) {
        RequestedTime r = summary.requested();
        Stored stored = new Stored(summary.category().name(), summary.callerName(), summary.callbackNumber(),
                r == null || r.date() == null ? null : r.date().toString(),
                r == null || r.time() == null ? null : r.time().toString(),
                r == null || r.part() == null ? null : r.part().name(), summary.urgency().name());
        byte[] sealed = vault.forTenant(tenantId).seal(JSON.writeValueAsBytes(stored), context(callId));
        try {
            // the category also in plain (V20): a fixed label, not personal data, that the call list filters on
            jdbc.sql("insert into call_summaries (call_id, tenant_id, method, summary, created_at, category) values (?, ?, ?, ?, ?, ?)")
                    .params(callId, tenantId, summary.method().name(), sealed, OffsetDateTime.ofInstant(now, ZoneOffset.UTC),
                            summary.category().name())
                    .update();
            return true;
        } catch (DuplicateKeyException alreadySummarised) {
            return false;
        }
    }

    Optional<UUID> tenantOf(UUID callId) {
        return jdbc.sql("select tenant_id from call_summaries where call_id = ?").param(callId).query(UUID.class).optional();
    }

    /** @throws jp.uketsuke.vault.CiphertextRejectedException when the row was altered or moved */
    Optional<Summary> read(UUID callId, UUID tenantId) {
        record Row(String method, byte[] summary) {
        }
        Optional<Row> row = jdbc.sql("select method, summary from call_summaries where call_id = ? and tenant_id = ?")
                .params(callId, tenantId).query((rs, n) -> new Row(rs.getString(1), rs.getBytes(2))).optional();
        return row.map(r -> {
            Stored s = JSON.readValue(new String(vault.forTenant(tenantId).open(r.summary(), context(callId)),
                    StandardCharsets.UTF_8), Stored.class);
            RequestedTime requested = s.date() == null && s.time() == null && s.part() == null ? null
                    : new RequestedTime(s.date() == null ? null : LocalDate.parse(s.date()),
                    s.time() == null ? null : LocalTime.parse(s.time()),
                    s.part() == null ? null : RequestedTime.PartOfDay.valueOf(s.part()));
            return new Summary(PurposeCategory.valueOf(s.category()), s.name(), s.number(), requested,
                    Urgency.valueOf(s.urgency()), SummaryMethod.valueOf(r.method()));
        });
    }

    /** Closed calls without a summary, newest first: what a stop left undone. */
    List<CallRef> closedCallsWithoutSummary(int limit) {
        return jdbc.sql("""
                        select c.id, c.tenant_id from calls c left join call_summaries s on s.call_id = c.id
                        where s.call_id is null and c.outcome <> ? and c.ended_at is not null
                        order by c.ended_at desc limit ?""")
                .params(CallOutcome.IN_PROGRESS.name(), limit)
                .query((rs, n) -> new CallRef(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                .list();
    }

    record CallRef(UUID callId, UUID tenantId) {
    }

    boolean sendsUnredacted(UUID tenantId) {
        return jdbc.sql("select send_unredacted from summary_settings where tenant_id = ?").param(tenantId)
                .query(Boolean.class).optional().orElse(false);
    }

    void setSendsUnredacted(UUID tenantId, boolean unredacted, String actor, Instant now) {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        int updated = jdbc.sql("update summary_settings set send_unredacted = ?, changed_at = ?, changed_by = ? where tenant_id = ?")
                .params(unredacted, at, actor, tenantId).update();
        if (updated == 0) {
            jdbc.sql("insert into summary_settings (tenant_id, send_unredacted, changed_at, changed_by) values (?, ?, ?, ?)")
                    .params(tenantId, unredacted, at, actor).update();
        }
    }

    static String context(UUID callId) {
        return "call:" + callId + ":summary";
    }
}
