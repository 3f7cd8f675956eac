package jp.uketsuke.audit.internal;

import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Makes the database itself refuse UPDATE, DELETE and TRUNCATE on {@code audit_events}: a PL/pgSQL trigger on
 * PostgreSQL, a Java trigger on H2. Written in Java because the two dialects share no trigger syntax. The hash
 * chain still detects changes made by someone who drops the trigger.
 */
public final class AuditAppendOnlyMigration implements JavaMigration {

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("1.2");
    }

    @Override
    public String getDescription() {
        return "audit events append only";
    }

    @Override
    public Integer getChecksum() {
        return 12;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        String product = context.getConnection().getMetaData().getDatabaseProductName();
        try (Statement statement = context.getConnection().createStatement()) {
            if (product.startsWith("PostgreSQL")) {
                statement.execute("""
                        create function audit_events_refuse_change() returns trigger language plpgsql as $$
                        begin
                            raise exception 'audit_events is append-only';
                        end
                        $$""");
                statement.execute("""
                        create trigger audit_events_append_only before update or delete on audit_events
                        for each row execute function audit_events_refuse_change()""");
                statement.execute("""
                        create trigger audit_events_no_truncate before truncate on audit_events
                        for each statement execute function audit_events_refuse_change()""");
            } else if (product.startsWith("H2")) {
                statement.execute("create trigger audit_events_append_only before update, delete on audit_events "
                        + "for each row call '" + AppendOnlyH2Trigger.class.getName() + "'");
            }
        }
    }
}
