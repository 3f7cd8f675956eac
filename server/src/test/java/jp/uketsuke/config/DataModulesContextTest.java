package jp.uketsuke.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.calls.CallJournal;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.calls.CallSummary;
import jp.uketsuke.calls.RecordingWriter;
import jp.uketsuke.calls.Speaker;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.testing.Postgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The data modules as Spring wires them (auto-configured DataSource and Flyway, application.properties), started,
 * stopped mid-call and started again on the same data directory and database: what a restart after a crash does.
 */
@ParameterizedClass
@EnumSource(Database.class)
class DataModulesContextTest {

    @Parameter
    Database database;
    @TempDir
    Path dataDir;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @ComponentScan(basePackages = {"jp.uketsuke.config", "jp.uketsuke.vault", "jp.uketsuke.tenancy", "jp.uketsuke.calls",
            "jp.uketsuke.audit"})
    static class DataModules {
    }

    @Test
    void recordsSurviveARestartAndAnInterruptedCallIsMarkedIncomplete() throws Exception {
        List<String> args = arguments();
        UUID tenant;
        UUID finished;
        UUID interrupted;
        try (ConfigurableApplicationContext first = start(args)) {
            Tenants tenants = first.getBean(Tenants.class);
            CallJournal journal = first.getBean(CallJournal.class);
            tenant = tenants.create("Demo", "ja");
            tenants.assignNumber(tenant, "0500000000");
            Instant now = Instant.parse("2026-04-01T09:00:00Z");
            finished = journal.open(tenant, "09012345678", "0500000000", now);
            journal.addTurn(finished, Speaker.CALLER, Duration.ofSeconds(1), "営業時間を教えてください");
            journal.close(finished, now.plusSeconds(20), CallOutcome.FAQ_ANSWERED);
            interrupted = journal.open(tenant, "08011112222", "0500000000", now.plusSeconds(60));
            RecordingWriter recording = journal.openRecording(interrupted, 8000);
            for (int i = 0; i < 100; i++) {
                recording.write(new short[160], new short[160]);
            }
            // stopped without closing the call or its recording
        }

        try (ConfigurableApplicationContext second = start(args)) {
            var viewer = new Viewer("user:hanako", Set.of(tenant), Set.of("calls:read", "recordings:play"), "192.0.2.1");
            CallHistory history = second.getBean(CallHistory.class);
            assertThat(history.list(viewer, tenant, 10)).extracting(CallSummary::id, CallSummary::outcome)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(interrupted, CallOutcome.INCOMPLETE),
                            org.assertj.core.groups.Tuple.tuple(finished, CallOutcome.FAQ_ANSWERED));
            assertThat(history.find(viewer, finished).orElseThrow().turns().getFirst().text()).isEqualTo("営業時間を教えてください");
            assertThat(history.recording(viewer, interrupted).orElseThrow().wavLength()).isGreaterThan(44 + 50_000);
            assertThat(second.getBean(AuditLog.class).verify().eventsChecked()).isEqualTo(3);
            assertThat(second.getBean(AuditLog.class).verify().intact()).isTrue();
            assertThat(second.getBean(JdbcClient.class).sql("select count(*) from \"flyway_schema_history\" where \"version\" = '1.2'")
                    .query(Long.class).single()).as("the append-only migration ran").isEqualTo(1);
        }

        if (DataDirectory.isPosix(dataDir)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("keys/master-keyset.json"))))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void aLostMasterKeyStopsTheStartInsteadOfOrphaningTheData() throws Exception {
        List<String> args = arguments();
        try (ConfigurableApplicationContext first = start(args)) {
            first.getBean(Tenants.class).create("Demo", "ja");
        }
        Files.delete(dataDir.resolve("keys/master-keyset.json"));

        assertThatThrownBy(() -> start(args).close()).hasStackTraceContaining("master key file")
                .hasStackTraceContaining("Restore it from backup");
        assertThat(dataDir.resolve("keys/master-keyset.json")).doesNotExist();
    }

    private List<String> arguments() {
        List<String> args = new ArrayList<>(List.of("--uketsuke.data-dir=" + dataDir, "--uketsuke.node-id=node-1",
                "--spring.main.banner-mode=off"));
        if (database == Database.POSTGRES) {
            args.add("--spring.datasource.url=" + Postgres.freshSchemaUrl("ctx"));
            args.add("--spring.datasource.username=" + Postgres.USER);
            args.add("--spring.datasource.password=" + Postgres.PASSWORD);
        } else {
            args.add("--spring.datasource.url=jdbc:h2:file:" + dataDir + "/db/uketsuke;LOCK_TIMEOUT=10000");
        }
        return args;
    }

    private static ConfigurableApplicationContext start(List<String> args) {
        return new SpringApplicationBuilder(DataModules.class).web(WebApplicationType.NONE).run(args.toArray(String[]::new));
    }
}
