package jp.uketsuke.audit.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditSearch;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Queries {@code audit_events}; only ever reads. */
public final class JdbcAuditSearch implements AuditSearch {

    private static final String COLUMNS = "seq, occurred_at, actor, tenant_id, action, target, source_address, result";

    private final JdbcClient jdbc;

    public JdbcAuditSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<RecordedEvent> find(Filter filter, long offset, int limit) {
        Where where = where(filter);
        where.params.add(offset);
        where.params.add(limit);
        return jdbc.sql("select " + COLUMNS + " from audit_events" + where.sql + " order by seq desc offset ? rows fetch next ? rows only")
                .params(where.params).query((rs, n) -> row(rs)).list();
    }

    @Override
    public void forEach(Filter filter, Consumer<RecordedEvent> action) {
        Where where = where(filter);
        jdbc.sql("select " + COLUMNS + " from audit_events" + where.sql + " order by seq desc")
                .params(where.params).query(rs -> {
                    action.accept(row(rs));
                });
    }

    private static RecordedEvent row(ResultSet rs) throws SQLException {
        return new RecordedEvent(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                new AuditEvent(rs.getString(3), rs.getObject(4, UUID.class), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getString(8)));
    }

    private record Where(String sql, List<Object> params) {
    }

    private static Where where(Filter filter) {
        List<String> conditions = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (filter.actor() != null) {
            conditions.add("actor = ?");
            params.add(filter.actor());
        }
        if (filter.tenantId() != null) {
            conditions.add("tenant_id = ?");
            params.add(filter.tenantId());
        }
        if (filter.actionPrefix() != null) {
            // spelled out instead of LIKE, so % and _ in what the user typed stay literal
            conditions.add("(action = ? or substring(action, 1, ?) = ?)");
            params.add(filter.actionPrefix());
            params.add(filter.actionPrefix().length() + 1);
            params.add(filter.actionPrefix() + ".");
        }
        AuditSearch.Reach reach = filter.reach();
        if (reach.tenants() != null) {
            List<String> visible = new ArrayList<>();
            if (!reach.tenants().isEmpty()) {
                visible.add("tenant_id in (" + String.join(", ", Collections.nCopies(reach.tenants().size(), "?")) + ")");
                params.addAll(reach.tenants());
            }
            if (reach.platform()) {
                visible.add("tenant_id is null");
            }
            conditions.add(visible.isEmpty() ? "1 = 0" : "(" + String.join(" or ", visible) + ")");
        } else if (!reach.platform()) {
            conditions.add("tenant_id is not null");
        }
        if (filter.from() != null) {
            conditions.add("occurred_at >= ?");
            params.add(OffsetDateTime.ofInstant(filter.from(), ZoneOffset.UTC));
        }
        if (filter.until() != null) {
            conditions.add("occurred_at < ?");
            params.add(OffsetDateTime.ofInstant(filter.until(), ZoneOffset.UTC));
        }
        return new Where(conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions), params);
    }
}
