package jp.uketsuke.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.config.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.dao.DataAccessException;

@ParameterizedClass
@EnumSource(Database.class)
class AuditLogTest {

    @Parameter
    Database database;
    @TempDir
    Path dataDir;
    DataFixture data;
    UUID tenant = UUID.randomUUID();

    @BeforeEach
    void start() {
        data = DataFixture.start(database, dataDir);
    }

    @AfterEach
    void stop() throws Exception {
        data.close();
    }

    @Test
    void theChainStaysIntactThroughConcurrentAppends() throws Exception {
        for (int i = 0; i < 20; i++) {
            data.audit.record(event("call.read", "call:" + i));
            data.clock.advance(Duration.ofNanos(1234567));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> appenders = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int thread = t;
                appenders.add(pool.submit((Callable<Void>) () -> {
                    for (int i = 0; i < 30; i++) {
                        data.audit.record(event("call.list", "thread:" + thread + ":" + i));
                    }
                    return null;
                }));
            }
            for (Future<?> appender : appenders) {
                appender.get();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(data.audit.verify()).isEqualTo(new AuditVerification(200, OptionalLong.empty()));
        assertThat(data.jdbc.sql("select count(distinct target) from audit_events").query(Long.class).single()).isEqualTo(200);
    }

    @Test
    void theDatabaseRefusesToChangeOrRemoveEvents() {
        data.audit.record(event("call.read", "call:1"));

        assertThatThrownBy(() -> data.jdbc.sql("update audit_events set result = 'ok' where seq = 1").update())
                .isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> data.jdbc.sql("delete from audit_events where seq = 1").update())
                .isInstanceOf(DataAccessException.class);
        assertThat(data.audit.verify().intact()).isTrue();
    }

    @Test
    void aModifiedRowIsFound() throws Exception {
        appendTen();
        allowChanges();
        data.execute("update audit_events set target = 'call:other' where seq = 4");

        assertThat(data.audit.verify().firstBrokenSeq()).hasValue(4);
    }

    @Test
    void aRowRecomputedToHideAChangeBreaksTheNextLink() throws Exception {
        appendTen();
        allowChanges();
        data.execute("update audit_events set result = 'ok', hash = prev_hash where seq = 6");

        assertThat(data.audit.verify().firstBrokenSeq()).hasValue(6);
    }

    @Test
    void aRemovedRowIsFound() throws Exception {
        appendTen();
        allowChanges();
        data.execute("delete from audit_events where seq = 7");

        assertThat(data.audit.verify().firstBrokenSeq()).hasValue(7);
    }

    @Test
    void rowsRemovedFromTheEndAreFound() throws Exception {
        appendTen();
        allowChanges();
        data.execute("delete from audit_events where seq >= 9");

        assertThat(data.audit.verify().firstBrokenSeq()).isPresent();
    }

    @Test
    void anEventIsKeptWhenTheCallersTransactionRollsBack() {
        data.transactions.executeWithoutResult(status -> {
            data.audit.record(event("call.read", "call:1"));
            status.setRollbackOnly();
        });

        assertThat(data.audit.verify()).isEqualTo(new AuditVerification(1, OptionalLong.empty()));
    }

    @Test
    void oversizedFieldsAreRefusedAndTheChainIsUntouched() {
        data.audit.record(event("call.read", "call:1"));

        assertThatThrownBy(() -> data.audit.record(event("call.read", "x".repeat(201))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuditEvent(null, tenant, "a", "t", "s", "ok")).isInstanceOf(NullPointerException.class);
        data.audit.record(event("call.read", "call:2"));
        assertThat(data.audit.verify()).isEqualTo(new AuditVerification(2, OptionalLong.empty()));
    }

    private void appendTen() {
        for (int i = 1; i <= 10; i++) {
            data.audit.record(new AuditEvent("user:hanako", i % 3 == 0 ? null : tenant, "call.read", "call:" + i,
                    i % 2 == 0 ? null : "192.0.2.1", "ok"));
            data.clock.advance(Duration.ofSeconds(1));
        }
        assertThat(data.audit.verify().intact()).isTrue();
    }

    /** What someone with full database access (or the platform owner's DBA) could do. */
    private void allowChanges() throws Exception {
        if (database == Database.H2) {
            data.execute("drop trigger audit_events_append_only");
        } else {
            data.execute("alter table audit_events disable trigger audit_events_append_only");
        }
    }

    private AuditEvent event(String action, String target) {
        return new AuditEvent("user:hanako", tenant, action, target, "192.0.2.1", AuditEvent.OK);
    }
}
