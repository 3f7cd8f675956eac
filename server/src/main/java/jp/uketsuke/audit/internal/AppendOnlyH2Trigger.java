package jp.uketsuke.audit.internal;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/** H2's counterpart of the PostgreSQL trigger: rows of {@code audit_events} are never changed or removed. */
public final class AppendOnlyH2Trigger implements Trigger {

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        throw new SQLException("audit_events is append-only", "42000");
    }
}
