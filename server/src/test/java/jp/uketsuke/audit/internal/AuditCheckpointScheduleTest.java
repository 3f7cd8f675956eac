package jp.uketsuke.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditVerifyCommand;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.config.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCheckpointScheduleTest {

    @TempDir
    Path dataDir;

    @Test
    void shuttingDownSignsTheEventsOfTheLastRequests() throws Exception {
        try (DataFixture data = DataFixture.start(Database.H2, dataDir)) {
            Path keyFile = AuditSigningKey.file(null, dataDir);
            var checkpoints = new AuditCheckpoints(data.jdbc, data.transactionManager, AuditSigningKey.loadOrCreate(keyFile), data.clock);
            // an interval far longer than the test: only the shutdown can have signed
            var schedule = new AuditCheckpointSchedule(checkpoints, Duration.ofHours(1));
            schedule.start();
            data.audit.record(new AuditEvent("user:hanako", null, "login", "user:hanako", null, AuditEvent.OK));
            data.audit.record(new AuditEvent("user:hanako", null, "logout", "user:hanako", null, AuditEvent.OK));
            assertThat(data.jdbc.sql("select count(*) from audit_checkpoints").query(Long.class).single()).isZero();

            schedule.stop();

            assertThat(schedule.isRunning()).isFalse();
            AuditReport report = AuditVerifyCommand.verify(data.dataSource, keyFile);
            assertThat(report.problems()).isEmpty();
            assertThat(report.lastCheckpointSeq()).isEqualTo(2);
        }
    }
}
