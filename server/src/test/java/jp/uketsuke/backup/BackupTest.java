package jp.uketsuke.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditSchema;
import jp.uketsuke.audit.AuditVerifyCommand;
import jp.uketsuke.audit.internal.AuditCheckpoints;
import jp.uketsuke.audit.internal.AuditSigningKey;
import jp.uketsuke.audit.internal.JdbcAuditLog;
import jp.uketsuke.backup.internal.BackupKey;
import jp.uketsuke.backup.internal.BackupRefused;
import jp.uketsuke.backup.internal.BackupRestore;
import jp.uketsuke.backup.internal.BackupWriter;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.calls.RecordingWriter;
import jp.uketsuke.calls.Speaker;
import jp.uketsuke.calls.internal.JdbcCallHistory;
import jp.uketsuke.calls.internal.JdbcCallJournal;
import jp.uketsuke.config.DataDirectory;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.config.Database;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.testing.ExternalProgram;
import jp.uketsuke.testing.Postgres;
import jp.uketsuke.vault.internal.KeysetFileMasterKey;
import jp.uketsuke.vault.internal.TinkVault;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Backups of a data directory and database holding a call (turns, an encrypted recording) and a signed operation
 * log, on H2 and on PostgreSQL: a restore gives back what was there, and a wrong key, a cut or altered file or a
 * target that is not empty is refused with a message saying so, leaving nothing behind.
 */
@ParameterizedClass
@EnumSource(Database.class)
class BackupTest {

    @Parameter
    Database database;
    @TempDir
    Path work;

    Path original;
    DataFixture data;
    Path backupKeyFile;
    Path backup;
    UUID tenant;
    UUID call;
    byte[] originalWav;
    final List<String> schemasToDrop = new ArrayList<>();

    @BeforeEach
    void aSystemWithACallAndAnOperationLog() throws Exception {
        original = work.resolve("original");
        data = DataFixture.start(database, original);
        tenant = data.tenants.create("山田歯科", "ja");
        data.tenants.assignNumber(tenant, "0500000000");
        JdbcCallJournal journal = data.journal("node-1");
        call = journal.open(tenant, "09012345678", "0500000000", data.clock.instant());
        journal.addTurn(call, Speaker.CALLER, Duration.ZERO, "予約を変更したいです");
        try (RecordingWriter recording = journal.openRecording(call, 8000)) {
            for (int frame = 0; frame < 50; frame++) {
                short[] caller = new short[160];
                short[] bot = new short[160];
                for (int i = 0; i < 160; i++) {
                    caller[i] = (short) (frame * 160 + i);
                    bot[i] = (short) -(frame + i);
                }
                recording.write(caller, bot);
            }
        }
        journal.close(call, data.clock.instant().plusSeconds(20), CallOutcome.MESSAGE_TAKEN);
        originalWav = wav(data.history().recording(staff(), call).orElseThrow());
        var checkpoints = new AuditCheckpoints(data.jdbc, data.transactionManager,
                AuditSigningKey.loadOrCreate(auditKey(original)), data.clock);
        checkpoints.sign();
        data.audit.record(new AuditEvent("user:hanako", tenant, "call.read", "call:" + call, "192.0.2.1", AuditEvent.OK));

        backupKeyFile = work.resolve("backup-key/keyset.json");
        BackupKey.create(backupKeyFile);
        backup = work.resolve("backups/uketsuke.backup");
        BackupWriter.create(data.dataSource, original, Set.of(original.resolve("keys/master-keyset.json"), auditKey(original)),
                BackupKey.load(backupKeyFile), backup, data.clock);
    }

    @AfterEach
    void stop() throws Exception {
        data.close();
        try (Connection c = DriverManager.getConnection(Postgres.URL, Postgres.USER, Postgres.PASSWORD);
             Statement s = c.createStatement()) {
            for (String schema : schemasToDrop) {
                s.execute("drop schema " + schema + " cascade");
            }
        } catch (java.sql.SQLException e) {
            assertThat(schemasToDrop).isEmpty();
        }
    }

    @Test
    void aRestoredSystemHoldsTheCallItsRecordingAndAnIntactOperationLog() throws Exception {
        Path restored = emptyTargetWithKeys("restored");
        DataSource target = emptyDatabase(restored);

        BackupRestore.restore(backup, BackupKey.load(backupKeyFile), target, restored);

        assertThat(rowCounts(target)).isEqualTo(rowCounts(data.dataSource)).containsEntry("calls", 1L);
        JdbcClient jdbc = JdbcClient.create(target);
        var transactionManager = new DataSourceTransactionManager(target);
        var vault = new TinkVault(jdbc, new TransactionTemplate(transactionManager),
                KeysetFileMasterKey.loadOrCreate(restored.resolve("keys/master-keyset.json")), data.clock);
        var history = new JdbcCallHistory(jdbc, vault, new JdbcAuditLog(jdbc, transactionManager, data.clock),
                new DataDirectory(restored), data.clock);
        assertThat(history.find(staff(), call).orElseThrow().turns().getFirst().text()).isEqualTo("予約を変更したいです");
        assertThat(wav(history.recording(staff(), call).orElseThrow())).isEqualTo(originalWav);
        var audit = AuditVerifyCommand.verify(target, auditKey(restored));
        assertThat(audit.intact()).as(audit.render()).isTrue();
        assertThat(audit.lastCheckpointSeq()).isPositive();
        try (var entries = Files.list(restored)) {
            assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".restore-"));
        }
    }

    @Test
    void verifyRestoresIntoAScratchDatabaseAndChecksCountsSumsAndTheLog() {
        var verification = BackupRestore.verify(backup, BackupKey.load(backupKeyFile), auditKey(original));

        assertThat(verification.passed()).as(String.join("\n", verification.lines())).isTrue();
        assertThat(verification.lines()).contains("Files: 1 of 1 restored with the manifest's SHA-256", "RESULT: BACKUP VERIFIED")
                .anyMatch(line -> line.contains("RESULT: INTACT"));
    }

    @Test
    void theBackupHoldsNoKeyAndNoPlaintext() throws Exception {
        byte[] file = Files.readAllBytes(backup);
        String text = new String(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("UKETSUKE-BACKUP\n").contains("format=1").contains("files=1")
                .doesNotContain("calls").doesNotContain("recordings/").doesNotContain("keyset");
    }

    @Test
    void aWrongKeyIsRefusedAndNothingIsRestored() throws Exception {
        Path otherKey = work.resolve("other-key.json");
        BackupKey.create(otherKey);
        assertRefusedLeavingNothing(backup, BackupKey.load(otherKey), "Wrong backup key: this backup was sealed with backup key id");
    }

    @Test
    void aTruncatedBackupIsRefusedAndNothingIsRestored() throws Exception {
        byte[] whole = Files.readAllBytes(backup);
        Path cut = work.resolve("cut.backup");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 10));
        assertRefusedLeavingNothing(cut, BackupKey.load(backupKeyFile), "damaged, truncated or was altered");
    }

    @Test
    void oneFlippedByteIsRefusedAndNothingIsRestored() throws Exception {
        byte[] bytes = Files.readAllBytes(backup);
        bytes[bytes.length / 2] ^= 0x01;
        Path flipped = work.resolve("flipped.backup");
        Files.write(flipped, bytes);
        assertRefusedLeavingNothing(flipped, BackupKey.load(backupKeyFile), "damaged, truncated or was altered");

        byte[] header = Files.readAllBytes(backup);
        int at = new String(header, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("files=1") + 6;
        header[at] = '2';
        Path altered = work.resolve("altered-header.backup");
        Files.write(altered, header);
        assertRefusedLeavingNothing(altered, BackupKey.load(backupKeyFile), "damaged, truncated or was altered");
    }

    @Test
    void aTargetThatIsNotEmptyIsRefusedAndLeftAsItWas() throws Exception {
        Path withFiles = emptyTargetWithKeys("with-files");
        Files.createDirectories(withFiles.resolve("recordings"));
        Files.writeString(withFiles.resolve("recordings/left-here"), "x");
        DataSource emptyDb = emptyDatabase(withFiles);
        assertThatThrownBy(() -> BackupRestore.restore(backup, BackupKey.load(backupKeyFile), emptyDb, withFiles))
                .isInstanceOf(BackupRefused.class).hasMessageContaining("is not empty (it holds recordings)");
        assertThat(tables(emptyDb)).isEmpty();
        assertThat(Files.readString(withFiles.resolve("recordings/left-here"))).isEqualTo("x");

        Path emptyDir = emptyTargetWithKeys("db-not-empty");
        DataSource usedDb = emptyDatabase(emptyDir);
        Flyway.configure().dataSource(usedDb).locations("classpath:db/migration")
                .javaMigrations(AuditSchema.javaMigrations()).load().migrate();
        Map<String, Long> before = rowCounts(usedDb);
        assertThatThrownBy(() -> BackupRestore.restore(backup, BackupKey.load(backupKeyFile), usedDb, emptyDir))
                .isInstanceOf(BackupRefused.class).hasMessageContaining("the database is not empty");
        assertThat(rowCounts(usedDb)).isEqualTo(before);
    }

    @Test
    void aRestoreThatFailsWhileWritingIsUndone() throws Exception {
        data.execute("insert into \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\", \"type\", "
                + "\"script\", \"installed_by\", \"execution_time\", \"success\") "
                + "values (999, '999', 'from the future', 'SQL', 'V999__future.sql', 'test', 0, true)");
        Path future = work.resolve("backups/future.backup");
        BackupWriter.create(data.dataSource, original, Set.of(original.resolve("keys/master-keyset.json"), auditKey(original)),
                BackupKey.load(backupKeyFile), future, data.clock);
        Path target = emptyTargetWithKeys("future-target");
        DataSource db = emptyDatabase(target);

        assertThatThrownBy(() -> BackupRestore.restore(future, BackupKey.load(backupKeyFile), db, target))
                .isInstanceOf(BackupRefused.class).hasMessageContaining("999");
        assertThat(tables(db)).as("tables left in the target database").isEmpty();
        try (var entries = Files.list(target)) {
            assertThat(entries.map(p -> p.getFileName().toString())).allMatch(n -> n.equals("keys") || n.equals("db"));
        }
    }

    @Test
    void theCommandsRunFromTheServerJarWithoutStartingTheServer() throws Exception {
        // the commands reach either database through the same configured URL; one run, on H2, is enough
        org.junit.jupiter.api.Assumptions.assumeTrue(database == Database.H2, "run on H2 only");
        Path key = work.resolve("cli-key.json");
        Path file = work.resolve("cli.backup");
        Path restored = emptyTargetWithKeys("cli-restored");
        data.close();

        var made = runCommand("key", key, original);
        assertThat(made.exitCode()).as(made.output()).isZero();
        var created = runCommand("create", file, original, "--uketsuke.backup.key-file=" + key);
        assertThat(created.exitCode()).as(created.output()).isZero();
        assertThat(created.output()).contains("Wrote " + file).contains("1 files");
        var verified = runCommand("verify", file, original, "--uketsuke.backup.key-file=" + key);
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("RESULT: BACKUP VERIFIED");
        var restoredRun = runCommand("restore", file, restored, "--uketsuke.backup.key-file=" + key);
        assertThat(restoredRun.exitCode()).as(restoredRun.output()).isZero();
        var again = runCommand("restore", file, restored, "--uketsuke.backup.key-file=" + key);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.output()).contains("Refused: the data directory").contains("is not empty");
        data = DataFixture.start(database, work.resolve("reopened"));
    }

    private void assertRefusedLeavingNothing(Path file, BackupKey key, String message) throws Exception {
        Path target = emptyTargetWithKeys("target-" + UUID.randomUUID());
        DataSource db = emptyDatabase(target);
        assertThatThrownBy(() -> BackupRestore.restore(file, key, db, target))
                .isInstanceOf(BackupRefused.class).hasMessageContaining(message).hasMessageContaining("Nothing was restored");
        assertThat(tables(db)).as("tables left in the target database").isEmpty();
        try (var entries = Files.list(target)) {
            assertThat(entries.map(p -> p.getFileName().toString())).as("left in the data directory")
                    .allMatch(n -> n.equals("keys") || n.equals("db"));
        }
        assertThatThrownBy(() -> BackupRestore.verify(file, key, auditKey(original)))
                .isInstanceOf(BackupRefused.class).hasMessageContaining(message);
    }

    /** A data directory holding only the keys the operator keeps apart and puts back before a restore. */
    private Path emptyTargetWithKeys(String name) throws Exception {
        Path target = work.resolve(name);
        Files.createDirectories(target.resolve("keys"));
        Files.copy(original.resolve("keys/master-keyset.json"), target.resolve("keys/master-keyset.json"));
        Files.copy(auditKey(original), auditKey(target));
        return target;
    }

    private DataSource emptyDatabase(Path dataDir) {
        if (database == Database.H2) {
            return new DriverManagerDataSource("jdbc:h2:file:" + dataDir.resolve("db/uketsuke"), "uketsuke", "");
        }
        String url = Postgres.freshSchemaUrl("restore");
        schemasToDrop.add(url.substring(url.indexOf("currentSchema=") + "currentSchema=".length()));
        return new DriverManagerDataSource(url, Postgres.USER, Postgres.PASSWORD);
    }

    private static List<String> tables(DataSource dataSource) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             ResultSet r = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            while (r.next()) {
                names.add(r.getString("TABLE_NAME").toLowerCase());
            }
        }
        return names;
    }

    private static Map<String, Long> rowCounts(DataSource dataSource) throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : tables(dataSource)) {
            if (!table.equals("flyway_schema_history")) {
                counts.put(table, JdbcClient.create(dataSource).sql("select count(*) from " + table).query(Long.class).single());
            }
        }
        return new java.util.TreeMap<>(counts);
    }

    private static Path auditKey(Path dataDir) {
        return AuditSigningKey.file(null, dataDir);
    }

    private Viewer staff() {
        return new Viewer("user:hanako", Set.of(tenant), Set.of("calls:read", "recordings:play"), "192.0.2.10");
    }

    private static byte[] wav(CallHistory.Recording recording) throws Exception {
        var out = new ByteArrayOutputStream();
        recording.writeWav(out);
        return out.toByteArray();
    }

    private record Run(int exitCode, String output) {
    }

    private Run runCommand(String what, Path file, Path dataDir, String... more) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = work.resolve(what + "-" + UUID.randomUUID() + ".log");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "jp.uketsuke.UketsukeApplication", BackupCommand.PREFIX + what, "--uketsuke.backup.file=" + file,
                "--uketsuke.data-dir=" + dataDir));
        command.addAll(List.of(more));
        Process process = ExternalProgram.start(command, log);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the command finished").isTrue();
        return new Run(process.exitValue(), Files.readString(log));
    }
}
