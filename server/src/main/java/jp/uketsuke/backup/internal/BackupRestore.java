package jp.uketsuke.backup.internal;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import jp.uketsuke.audit.AuditSchema;
import jp.uketsuke.audit.AuditVerifyCommand;
import jp.uketsuke.config.DataDirectory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Restores a backup into an empty data directory and an empty database, and checks a backup by restoring it into a
 * scratch H2 database. A restore reads the whole backup twice: first only to check it (every segment authenticated,
 * the manifest matched), so a wrong key, a truncated or altered file touches nothing; then to write it: the database
 * migrated to the backup's schema version and filled in one transaction, the files into a folder beside the data
 * that is moved into place only after the transaction committed. Any failure on the way drops what was made.
 */
public final class BackupRestore {

    /** Folders the data directory may hold before a restore: the operator puts the keys back first. */
    private static final Set<String> ALLOWED_BEFORE_RESTORE = Set.of("keys", "voices", "db");

    private BackupRestore() {
    }

    public static BackupHeader restore(Path file, BackupKey key, DataSource dataSource, Path dataDir) {
        Path root = dataDir.toAbsolutePath().normalize();
        refuseUnlessEmpty(dataSource, root);
        BackupHeader header = BackupReader.read(file, key, checkingOnly()).header();
        write(file, key, dataSource, root, header);
        return header;
    }

    /** The outcome of {@link #verify}: the lines to print and whether all checks passed. */
    public record Verification(boolean passed, List<String> lines) {
    }

    /** Restores into a scratch H2 database and folder, then counts, hashes and walks the operation log there. */
    public static Verification verify(Path file, BackupKey key, Path auditKeyFile) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("uketsuke-backup-verify");
            DataDirectory.createOwnerOnlyDirectories(scratch);
            var dataSource = new DriverManagerDataSource("jdbc:h2:file:" + scratch.resolve("db/uketsuke"), "uketsuke", "");
            Path data = scratch.resolve("data");
            refuseUnlessEmpty(dataSource, data);
            BackupReader.Contents contents = BackupReader.read(file, key, checkingOnly());
            write(file, key, dataSource, data, contents.header());
            List<String> lines = new ArrayList<>();
            lines.add("Backup: " + contents.header().describe());
            boolean passed = true;
            try (Connection c = dataSource.getConnection()) {
                for (String table : contents.tables()) {
                    long restored = DatabaseTables.count(c, table);
                    long expected = contents.rows().get(table);
                    if (restored != expected) {
                        passed = false;
                        lines.add("Table " + table + ": " + restored + " rows restored, the manifest says " + expected);
                    }
                }
            }
            lines.add("Tables: " + contents.tables().size() + " restored with the row counts the manifest records"
                    + (passed ? "" : " EXCEPT those above"));
            int filesOk = 0;
            for (var entry : contents.sha256().entrySet()) {
                Path restored = data.resolve(entry.getKey());
                String sum = Files.isRegularFile(restored) ? sha256(restored) : "missing";
                if (sum.equals(entry.getValue())) {
                    filesOk++;
                } else {
                    passed = false;
                    lines.add("File " + entry.getKey() + ": restored copy does not match the manifest's SHA-256");
                }
            }
            lines.add("Files: " + filesOk + " of " + contents.sha256().size() + " restored with the manifest's SHA-256");
            var audit = AuditVerifyCommand.check(dataSource, auditKeyFile);
            lines.add(audit.report().strip());
            passed &= audit.intact();
            lines.add(passed ? "RESULT: BACKUP VERIFIED" : "RESULT: BACKUP FAILED VERIFICATION");
            return new Verification(passed, lines);
        } catch (IOException | SQLException e) {
            throw new BackupRefused("Cannot check the backup in a scratch database: " + e.getMessage(), e);
        } finally {
            deleteQuietly(scratch);
        }
    }

    private static BackupReader.Sink checkingOnly() {
        return new BackupReader.Sink() {
            @Override
            public long table(String name, DataInputStream rows) throws IOException, SQLException {
                return DatabaseTables.read(rows, name, null);
            }

            @Override
            public void file(String relative, InputStream content) throws IOException {
                content.transferTo(OutputStream.nullOutputStream());
            }
        };
    }

    private static void write(Path file, BackupKey key, DataSource dataSource, Path root, BackupHeader header) {
        DataDirectory.createOwnerOnlyDirectories(root);
        Path staging = root.resolve(BackupWriter.RESTORE_PREFIX + UUID.randomUUID());
        Flyway flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .javaMigrations(AuditSchema.javaMigrations()).target(header.schemaVersion()).cleanDisabled(false).load();
        boolean done = false;
        try {
            DataDirectory.createOwnerOnlyDirectories(staging);
            flyway.migrate();
            try (Connection c = dataSource.getConnection()) {
                String version = DatabaseTables.schemaVersion(c);
                if (!version.equals(header.schemaVersion())) {
                    throw new BackupRefused("This backup has schema version " + header.schemaVersion()
                            + " but this version of Uketsuke reaches only " + version + "; restore it with a newer one.");
                }
                c.setAutoCommit(false);
                List<String> order = DatabaseTables.inDependencyOrder(c);
                for (String table : order.reversed()) {
                    // rows a migration put in (reference data); the backup holds them as they were
                    try (var s = c.createStatement()) {
                        s.executeUpdate("delete from " + table);
                    }
                }
                BackupReader.read(file, key, restoringInto(c, staging));
                c.commit();
            }
            moveIntoPlace(staging, root);
            done = true;
        } catch (SQLException | IOException | FlywayException e) {
            throw new BackupRefused("The restore failed and was undone: " + e.getMessage(), e);
        } finally {
            if (!done) {
                flyway.clean();
            }
            deleteQuietly(staging);
        }
    }

    private static BackupReader.Sink restoringInto(Connection c, Path staging) {
        return new BackupReader.Sink() {
            @Override
            public long table(String name, DataInputStream rows) throws IOException, SQLException {
                return DatabaseTables.read(rows, name, c);
            }

            @Override
            public void file(String relative, InputStream content) throws IOException {
                Path target = staging.resolve(relative).normalize();
                if (!target.startsWith(staging)) {
                    throw new IOException("file leaves the data directory: " + relative);
                }
                DataDirectory.createOwnerOnlyDirectories(target.getParent());
                try (OutputStream out = Files.newOutputStream(Files.createFile(target, DataDirectory.ownerOnlyFile(target.getParent())))) {
                    content.transferTo(out);
                }
            }
        };
    }

    private static void moveIntoPlace(Path staging, Path root) throws IOException {
        try (var entries = Files.list(staging)) {
            for (Path entry : entries.toList()) {
                Files.move(entry, root.resolve(entry.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    private static void refuseUnlessEmpty(DataSource dataSource, Path root) {
        List<String> present = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (var entries = Files.list(root)) {
                entries.map(p -> p.getFileName().toString()).filter(n -> !ALLOWED_BEFORE_RESTORE.contains(n)).sorted()
                        .forEach(present::add);
            } catch (IOException e) {
                throw new BackupRefused("Cannot read the data directory " + root + ": " + e.getMessage(), e);
            }
        }
        if (!present.isEmpty()) {
            throw new BackupRefused("Refused: the data directory " + root + " is not empty (it holds " + String.join(", ", present)
                    + "). A backup is restored only into an empty data directory (keys/ may be there). Nothing was changed.");
        }
        try (Connection c = dataSource.getConnection();
             ResultSet tables = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            if (tables.next()) {
                throw new BackupRefused("Refused: the database is not empty (it has the table " + tables.getString("TABLE_NAME").toLowerCase()
                        + "). A backup is restored only into an empty database. Nothing was changed.");
            }
        } catch (SQLException e) {
            throw new BackupRefused("Cannot reach the database to restore into: " + e.getMessage(), e);
        }
    }

    private static String sha256(Path file) throws IOException {
        var digest = BackupWriter.sha256();
        try (InputStream in = new java.security.DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a scratch folder left in the temporary directory holds only what the backup already holds, encrypted
        }
    }
}
