package jp.uketsuke.config;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import jp.uketsuke.audit.internal.AppendOnlyTableMigration;
import jp.uketsuke.audit.internal.JdbcAuditLog;
import jp.uketsuke.calls.internal.JdbcCallHistory;
import jp.uketsuke.calls.internal.JdbcCallJournal;
import jp.uketsuke.tenancy.internal.JdbcTenants;
import jp.uketsuke.testing.Postgres;
import jp.uketsuke.vault.MasterKey;
import jp.uketsuke.vault.internal.KeysetFileMasterKey;
import jp.uketsuke.vault.internal.TinkVault;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The data modules wired by hand on a fresh, migrated database (an H2 file in the test's data directory, or a
 * schema of its own on the test PostgreSQL) — the same classes the application wires, with no Spring context.
 */
public final class DataFixture implements AutoCloseable {

    public final Database database;
    public final DataDirectory dataDirectory;
    public final HikariDataSource dataSource;
    public final JdbcClient jdbc;
    public final DataSourceTransactionManager transactionManager;
    public final TransactionTemplate transactions;
    public final MutableClock clock = new MutableClock(Instant.parse("2026-04-01T00:00:00Z"));
    public final MasterKey masterKey;
    public final TinkVault vault;
    public final JdbcTenants tenants;
    public final JdbcAuditLog audit;
    private final String postgresSchema;
    private final String jdbcUrl;

    private DataFixture(Database database, Path dataDir) {
        this.database = database;
        this.dataDirectory = new DataDirectory(dataDir);
        if (database == Database.H2) {
            jdbcUrl = "jdbc:h2:file:" + dataDir.resolve("db/uketsuke") + ";LOCK_TIMEOUT=10000";
            postgresSchema = null;
        } else {
            jdbcUrl = Postgres.freshSchemaUrl("data");
            postgresSchema = jdbcUrl.substring(jdbcUrl.indexOf("currentSchema=") + "currentSchema=".length());
        }
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(jdbcUrl);
        dataSource.setUsername(database == Database.H2 ? "uketsuke" : Postgres.USER);
        dataSource.setPassword(database == Database.H2 ? "" : Postgres.PASSWORD);
        dataSource.setMaximumPoolSize(8);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .javaMigrations(AppendOnlyTableMigration.auditEvents(), AppendOnlyTableMigration.auditCheckpoints()).load().migrate();
        jdbc = JdbcClient.create(dataSource);
        transactionManager = new DataSourceTransactionManager(dataSource);
        transactions = new TransactionTemplate(transactionManager);
        masterKey = KeysetFileMasterKey.loadOrCreate(dataDir.resolve("keys/master-keyset.json"));
        vault = new TinkVault(jdbc, transactions, masterKey, clock);
        tenants = new JdbcTenants(jdbc, transactions, vault, clock);
        audit = new JdbcAuditLog(jdbc, transactionManager, clock);
    }

    /** Application events the journals published, in order. */
    public final java.util.List<Object> published = new java.util.concurrent.CopyOnWriteArrayList<>();

    public static DataFixture start(Database database, Path dataDir) {
        return new DataFixture(database, dataDir);
    }

    /** A journal as one node runs it; a new one for the same node id is that node after a restart. */
    public JdbcCallJournal journal(String nodeId) {
        return new JdbcCallJournal(jdbc, vault, dataDirectory, clock, nodeId, published::add);
    }

    public JdbcCallHistory history() {
        return new JdbcCallHistory(jdbc, vault, audit, dataDirectory, clock);
    }

    /** The database's JDBC URL, for a server process started on the same database. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** Runs SQL outside the application's pool, as someone with direct database access would. */
    public void execute(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws Exception {
        dataSource.close();
        if (postgresSchema != null) {
            try (Connection c = DriverManager.getConnection(Postgres.URL, Postgres.USER, Postgres.PASSWORD);
                 Statement s = c.createStatement()) {
                s.execute("drop schema " + postgresSchema + " cascade");
            }
        }
    }
}
