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
                   r.call_id as recording, c.status, c.assignee, s.category""";
    static final String JOINS = " left join recordings r on r.call_id = c.id left join call_summaries s on s.call_id = c.id";

    private CallListSql() {
    }

    /** A statement and its parameters, in order. */
    public record Statement(String sql, List<Object> params) {
    }

    /**
     * @param callerIndex the keyed index of {@link CallQuery#caller()} (the tenant's key makes it) or
     *                    {@link CallQuery#callerRef()}, or null when the query looks for no caller
     * @param rows        how many rows to read: one more than the page shows tells whether there is a next page
     */
    public static Statement page(CallQuery q, String callerIndex, int rows) {
        StringBuilder sql = new StringBuilder(SELECT);
        List<Object> params = new ArrayList<>();
        // With a tag, the walk starts from the tag's index (tenant, tag, started_at, call), which holds each tagged
        // call's start in list order: a rare tag reads about as many rows as the page shows instead of walking the
        // tenant's calls and probing each. The keyset and the days are then taken on the tag's copy of started_at.
        String at = "c.started_at";
        String id = "c.id";
        if (q.tag() != null) {
            at = "t.started_at";
            id = "t.call_id";
            sql.append("\nfrom call_tags t join calls c on c.id = t.call_id").append(JOINS)
                    .append("\nwhere t.tenant_id = ? and t.tag = ? and c.tenant_id = ?");
            params.add(q.tenantId());
            params.add(q.tag());
        } else {
            sql.append("\nfrom calls c").append(JOINS).append("\nwhere c.tenant_id = ?");
        }
        params.add(q.tenantId());
        if (q.from() != null) {
            sql.append(" and ").append(at).append(" >= ?");
            params.add(utc(q.from()));
        }
        if (q.to() != null) {
            sql.append(" and ").append(at).append(" < ?");
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
        if (q.assignee() != null) {
            sql.append(" and c.assignee = ?");
            params.add(q.assignee());
        }
        if (q.searchesCaller()) {
            sql.append(" and c.caller_index = ?");
            params.add(java.util.Objects.requireNonNull(callerIndex, "callerIndex"));
        }
        if (q.after() != null) {
            // a row value, so that PostgreSQL walks the (…, started_at, id) index from the cursor on
            sql.append(" and (").append(at).append(", ").append(id).append(") < (?, ?)");
            params.add(utc(q.after().startedAt()));
            params.add(q.after().id());
        }
        sql.append("\norder by ").append(at).append(" desc, ").append(id).append(" desc limit ?");
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
