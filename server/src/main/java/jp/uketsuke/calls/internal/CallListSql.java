package jp.uketsuke.calls.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.calls.CallQuery;

/**
 * The call list's SQL, one statement per query, with only the filters that are set: plain columns only (status,
 * outcome, assignee, the summary's category, tags, the keyed caller index), never a sealed one. Public so that
 * {@code bench/CallListBench.java} measures exactly the statements the console runs.
 */
public final class CallListSql {

    /** Columns: id, tenant, started, ended, sealed caller, dialled, outcome, recording?, status, assignee, category. */
    static final String SELECT = """
            select c.id, c.tenant_id, c.started_at, c.ended_at, c.caller_number, c.dialed_number, c.outcome,
                   r.call_id as recording, c.status, c.assignee, s.category
            from calls c left join recordings r on r.call_id = c.id left join call_summaries s on s.call_id = c.id""";

    private CallListSql() {
    }

    /** A statement and its parameters, in order. */
    public record Statement(String sql, List<Object> params) {
    }

    /**
     * @param callerIndex the keyed index of {@link CallQuery#caller()} (the tenant's key makes it), or null
     * @param rows        how many rows to read: one more than the page shows tells whether there is a next page
     */
    public static Statement page(CallQuery q, String callerIndex, int rows) {
        StringBuilder sql = new StringBuilder(SELECT).append("\nwhere c.tenant_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(q.tenantId());
        if (q.from() != null) {
            sql.append(" and c.started_at >= ?");
            params.add(utc(q.from()));
        }
        if (q.to() != null) {
            sql.append(" and c.started_at < ?");
            params.add(utc(q.to()));
        }
        if (q.status() != null) {
            sql.append(" and c.status = ?");
            params.add(q.status().name());
        }
        if (q.outcome() != null) {
            sql.append(" and c.outcome = ?");
            params.add(q.outcome().name());
        }
        switch (q.blocked()) {
            case HIDDEN -> sql.append(" and c.outcome <> '").append(CallOutcome.BLOCKED.name()).append('\'');
            case ONLY -> sql.append(" and c.outcome = '").append(CallOutcome.BLOCKED.name()).append('\'');
            case SHOWN -> {
            }
        }
        if (q.category() != null) {
            sql.append(" and s.category = ?");
            params.add(q.category());
        }
        if (q.tag() != null) {
            // a semi-join the planner can start from the tag's index (tenant, tag, call) when the tag is rare, rather
            // than walking the tenant's calls and probing each
            sql.append(" and c.id in (select t.call_id from call_tags t where t.tenant_id = ? and t.tag = ?)");
            params.add(q.tenantId());
            params.add(q.tag());
        }
        if (q.assignee() != null) {
            sql.append(" and c.assignee = ?");
            params.add(q.assignee());
        }
        if (q.caller() != null) {
            sql.append(" and c.caller_index = ?");
            params.add(callerIndex);
        }
        if (q.after() != null) {
            // a row value, so that PostgreSQL walks the (tenant_id, started_at, id) index from the cursor on
            sql.append(" and (c.started_at, c.id) < (?, ?)");
            params.add(utc(q.after().startedAt()));
            params.add(q.after().id());
        }
        sql.append("\norder by c.started_at desc, c.id desc limit ?");
        params.add(rows);
        return new Statement(sql.toString(), params);
    }

    /** The tags of these calls. */
    static Statement tags(List<UUID> callIds) {
        String marks = String.join(", ", java.util.Collections.nCopies(callIds.size(), "?"));
        return new Statement("select call_id, tag from call_tags where call_id in (" + marks + ") order by tag",
                List.copyOf(callIds));
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
