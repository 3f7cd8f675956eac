package jp.uketsuke.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import jp.uketsuke.audit.internal.AuditCheckpoints;
import jp.uketsuke.audit.internal.AuditReport;
import jp.uketsuke.audit.internal.AuditSigningKey;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.config.Database;
import jp.uketsuke.testing.ExternalProgram;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@code ./uketsuke audit verify} on copies of one H2 data directory: untouched it passes, and each kind of tampering
 * is named by the first event it broke. Runs what the command runs, in-process and as a real process.
 */
class AuditVerifyCommandTest {

    @TempDir
    Path work;
    Path original;

    /** Ten events, a checkpoint over them, then two more events the next checkpoint would cover. */
    @BeforeEach
    void aLogWithACheckpoint() throws Exception {
        original = work.resolve("original");
        UUID tenant = UUID.randomUUID();
        try (DataFixture data = DataFixture.start(Database.H2, original)) {
            var checkpoints = new AuditCheckpoints(data.jdbc, data.transactionManager,
                    AuditSigningKey.loadOrCreate(AuditSigningKey.file(null, original)), data.clock);
            for (int i = 1; i <= 12; i++) {
                data.audit.record(new AuditEvent("user:hanako", tenant, "call.read", "call:" + i, "192.0.2.1", AuditEvent.OK));
                data.clock.advance(Duration.ofSeconds(1));
                if (i == 10) {
                    checkpoints.sign();
                }
            }
        }
    }

    @Test
    void anUntouchedCopyIsIntact() throws Exception {
        AuditReport report = verify(copy("untouched"));

        assertThat(report.problems()).isEmpty();
        assertThat(report.eventsChecked()).isEqualTo(12);
        assertThat(report.lastCheckpointSeq()).isEqualTo(10);
        assertThat(report.render()).contains("RESULT: INTACT").contains("Not yet signed: events #11-#12");
    }

    @Test
    void aModifiedEventIsNamed() throws Exception {
        Path copy = copy("modified");
        tamper(copy, "update audit_events set result = 'denied' where seq = 4");

        AuditReport report = verify(copy);
        assertThat(report.firstBrokenSeq()).hasValue(4);
        assertThat(report.problems().getFirst()).isEqualTo("Event #4 was altered or moved: its contents do not match its hash.");
    }

    @Test
    void aDeletedEventIsNamed() throws Exception {
        Path copy = copy("deleted");
        tamper(copy, "delete from audit_events where seq = 6");

        AuditReport report = verify(copy);
        assertThat(report.firstBrokenSeq()).hasValue(6);
        assertThat(report.problems().getFirst()).isEqualTo("Event #6 was removed (the next stored event is #7).");
    }

    @Test
    void reorderedEventsAreNamed() throws Exception {
        Path copy = copy("reordered");
        tamper(copy, "update audit_events set seq = -1 where seq = 3",
                "update audit_events set seq = 3 where seq = 4",
                "update audit_events set seq = 4 where seq = -1");

        AuditReport report = verify(copy);
        assertThat(report.firstBrokenSeq()).hasValue(3);
        assertThat(report.render()).contains("First bad event: #3").contains("RESULT: TAMPERED");
    }

    @Test
    void aTailCutBelowTheLastCheckpointIsNamed() throws Exception {
        Path copy = copy("cut");
        tamper(copy, "delete from audit_events where seq > 8",
                "update audit_head set seq = 8, hash = (select hash from audit_events where seq = 8)");

        AuditReport report = verify(copy);
        assertThat(report.firstBrokenSeq()).hasValue(9);
        assertThat(report.problems()).singleElement().asString()
                .isEqualTo("The log was cut short: signed checkpoint #1 covers events up to #10 but the log ends at #8.");
    }

    @Test
    void theCommandExitsZeroWhenIntactAndNonZeroAfterTampering() throws Exception {
        Path intact = copy("process-intact");
        Path tampered = copy("process-tampered");
        tamper(tampered, "update audit_events set target = 'call:999' where seq = 2");
        Path missingKey = copy("process-no-key");
        Files.delete(AuditSigningKey.file(null, missingKey));

        Run ok = runCommand(intact);
        assertThat(ok.exitCode()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("RESULT: INTACT");

        Run bad = runCommand(tampered);
        assertThat(bad.exitCode()).as(bad.output()).isEqualTo(1);
        assertThat(bad.output()).contains("First bad event: #2").contains("RESULT: TAMPERED");

        Run noKey = runCommand(missingKey);
        assertThat(noKey.exitCode()).as(noKey.output()).isEqualTo(2);
        assertThat(noKey.output()).contains("RESULT: NOT CHECKED").contains("audit signing key file");
    }

    private record Run(int exitCode, String output) {
    }

    /** The server's main class, as {@code ./uketsuke audit verify} starts it from the jar. */
    private Run runCommand(Path dataDir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = work.resolve(dataDir.getFileName() + ".log");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "jp.uketsuke.UketsukeApplication", AuditVerifyCommand.OPTION, "--uketsuke.data-dir=" + dataDir));
        Process process = ExternalProgram.start(command, log);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the command finished").isTrue();
        return new Run(process.exitValue(), Files.readString(log));
    }

    private AuditReport verify(Path dataDir) {
        var dataSource = new DriverManagerDataSource(url(dataDir), "uketsuke", "");
        return AuditVerifyCommand.verify(dataSource, AuditSigningKey.file(null, dataDir));
    }

    private static String url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("db/uketsuke");
    }

    private Path copy(String name) throws IOException {
        Path target = work.resolve(name);
        try (var files = Files.walk(original)) {
            for (Path source : files.toList()) {
                Path destination = target.resolve(original.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination);
                }
            }
        }
        return target;
    }

    /** Changes the copy as someone with direct database access would, after dropping the append-only trigger. */
    private static void tamper(Path dataDir, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(url(dataDir), "uketsuke", ""); Statement s = c.createStatement()) {
            s.execute("drop trigger audit_events_append_only");
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
