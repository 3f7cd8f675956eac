package jp.uketsuke.audit.internal;

import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Makes the database itself refuse UPDATE, DELETE and TRUNCATE on one table of the operation log: a
 * PL/pgSQL trigger on PostgreSQL, a Java trigger on H2. Written in Java because the two dialects share
 * no trigger syntax. The hash chain and the signed checkpoints still reveal changes made by someone who
 * drops the trigger.
 */
public final class AppendOnlyTableMigration implements JavaMigration {

    private final String version;
    private final String table;
    private final int checksum;

    private AppendOnlyTableMigration(String version, String table, int checksum) {
        this.version = version;
        this.table = table;
        this.checksum = checksum;
    }

    public static AppendOnlyTableMigration auditEvents() {
        return new AppendOnlyTableMigration("1.2", "audit_events", 12);
    }

    public static AppendOnlyTableMigration auditCheckpoints() {
        return new AppendOnlyTableMigration("5.1", "audit_checkpoints", 51);
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion(version);
    }

    @Override
    public String getDescription() {
        return table.replace('_', ' ') + " append only";
    }

    @Override
    public Integer getChecksum() {
        return checksum;
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
                statement.execute("create function " + table + "_refuse_change() returns trigger language plpgsql as $$\n"
                        + "begin\n    raise exception '" + table + " is append-only';\nend\n$$");
                statement.execute("create trigger " + table + "_append_only before update or delete on " + table
                        + " for each row execute function " + table + "_refuse_change()");
                statement.execute("create trigger " + table + "_no_truncate before truncate on " + table
                        + " for each statement execute function " + table + "_refuse_change()");
            } else if (product.startsWith("H2")) {
                statement.execute("create trigger " + table + "_append_only before update, delete on " + table
                        + " for each row call '" + AppendOnlyH2Trigger.class.getName() + "'");
            }
        }
    }
}
