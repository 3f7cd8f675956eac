package jp.uketsuke.audit;

import java.nio.file.Path;
import jp.uketsuke.audit.internal.AppendOnlyTableMigration;
import jp.uketsuke.audit.internal.AuditSigningKey;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * What another module needs to rebuild the operation log's tables outside the application context (a restore from a
 * backup): the Java migrations beside the SQL ones, and where the signing key lives.
 */
public final class AuditSchema {

    private AuditSchema() {
    }

    /** The migrations written in Java (the append-only triggers); Flyway needs them with classpath:db/migration. */
    public static JavaMigration[] javaMigrations() {
        return new JavaMigration[] {AppendOnlyTableMigration.auditEvents(), AppendOnlyTableMigration.auditCheckpoints()};
    }

    /** The configured signing key file, or {@code <data-dir>/keys/audit-signing-keyset.json} when none is. */
    public static Path signingKeyFile(String configured, Path dataDir) {
        return AuditSigningKey.file(configured == null || configured.isBlank() ? null : Path.of(configured), dataDir);
    }
}
