package jp.uketsuke.audit.internal;

import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/** Makes the database refuse UPDATE, DELETE and TRUNCATE on {@code audit_checkpoints}, as on {@code audit_events}. */
public final class AuditCheckpointsAppendOnlyMigration implements JavaMigration {

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("5.1");
    }

    @Override
    public String getDescription() {
        return "audit checkpoints append only";
    }

    @Override
    public Integer getChecksum() {
        return 51;
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
                        create function audit_checkpoints_refuse_change() returns trigger language plpgsql as $$
                        begin
                            raise exception 'audit_checkpoints is append-only';
                        end
                        $$""");
                statement.execute("""
                        create trigger audit_checkpoints_append_only before update or delete on audit_checkpoints
                        for each row execute function audit_checkpoints_refuse_change()""");
                statement.execute("""
                        create trigger audit_checkpoints_no_truncate before truncate on audit_checkpoints
                        for each statement execute function audit_checkpoints_refuse_change()""");
            } else if (product.startsWith("H2")) {
                statement.execute("create trigger audit_checkpoints_append_only before update, delete on audit_checkpoints "
                        + "for each row call '" + AppendOnlyH2Trigger.class.getName() + "'");
            }
        }
    }
}
