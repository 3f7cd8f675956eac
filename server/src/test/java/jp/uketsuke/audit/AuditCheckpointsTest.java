package jp.uketsuke.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import jp.uketsuke.audit.internal.AuditCheckpoints;
import jp.uketsuke.audit.internal.AuditReport;
import jp.uketsuke.audit.internal.AuditSigningKey;
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

/** Signed checkpoints catch what the hash chain alone cannot: a rewritten chain, a cut tail, forged signatures. */
@ParameterizedClass
@EnumSource(Database.class)
class AuditCheckpointsTest {

    @Parameter
    Database database;
    @TempDir
    Path dataDir;
    DataFixture data;
    Path keyFile;
    AuditCheckpoints checkpoints;
    UUID tenant = UUID.randomUUID();

    @BeforeEach
    void start() {
        data = DataFixture.start(database, dataDir);
        keyFile = AuditSigningKey.file(null, dataDir);
        checkpoints = new AuditCheckpoints(data.jdbc, data.transactionManager, AuditSigningKey.loadOrCreate(keyFile), data.clock);
    }

    @AfterEach
    void stop() throws Exception {
        data.close();
    }

    @Test
    void aCheckpointIsSignedOnlyWhenTheHeadMoved() {
        assertThat(checkpoints.sign()).isEmpty();
        append(1, 5);
        assertThat(checkpoints.sign()).hasValue(1L);
        assertThat(checkpoints.sign()).isEmpty();
        append(6, 7);
        assertThat(checkpoints.sign()).hasValue(2L);

        AuditReport report = verify();
        assertThat(report.problems()).isEmpty();
        assertThat(report.eventsChecked()).isEqualTo(7);
        assertThat(report.checkpointsChecked()).isEqualTo(2);
        assertThat(report.lastCheckpointSeq()).isEqualTo(7);
    }

    @Test
    void theDatabaseRefusesToChangeOrRemoveCheckpoints() {
        append(1, 2);
        checkpoints.sign();

        assertThatThrownBy(() -> data.jdbc.sql("update audit_checkpoints set seq = 1").update())
                .isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> data.jdbc.sql("delete from audit_checkpoints").update())
                .isInstanceOf(DataAccessException.class);
        assertThat(verify().intact()).isTrue();
    }

    @Test
    void aChainRewrittenWithRecomputedHashesContradictsTheCheckpoint() throws Exception {
        append(1, 10);
        checkpoints.sign();
        allowChanges();
        // what an attacker with database access but without the key can do: drop events and append a clean chain
        data.execute("delete from audit_events where seq > 4");
        data.execute("update audit_head set seq = 4, hash = (select hash from audit_events where seq = 4)");
        for (int i = 5; i <= 10; i++) {
            data.audit.record(new AuditEvent("user:hanako", tenant, "call.list", "call:" + i, null, AuditEvent.OK));
        }

        AuditReport report = verify();
        assertThat(report.intact()).isFalse();
        assertThat(report.firstBrokenSeq()).hasValue(1);
        assertThat(report.problems()).singleElement().asString().contains("rewritten").contains("checkpoint #1");
    }

    @Test
    void aTailCutTogetherWithTheHeadIsFoundByTheCheckpoint() throws Exception {
        append(1, 10);
        checkpoints.sign();
        allowChanges();
        data.execute("delete from audit_events where seq > 7");
        data.execute("update audit_head set seq = 7, hash = (select hash from audit_events where seq = 7)");

        AuditReport report = verify();
        assertThat(report.firstBrokenSeq()).hasValue(8);
        assertThat(report.problems()).singleElement().asString().contains("cut short");
    }

    @Test
    void aCheckpointSignedWithAnotherKeyIsForged() throws Exception {
        append(1, 3);
        var forger = new AuditCheckpoints(data.jdbc, data.transactionManager,
                AuditSigningKey.loadOrCreate(dataDir.resolve("elsewhere/forged-keyset.json")), data.clock);
        forger.sign();

        AuditReport report = verify();
        assertThat(report.problems()).singleElement().asString().contains("Checkpoint #1").contains("does not verify");
    }

    @Test
    void anAlteredSignatureIsFound() throws Exception {
        append(1, 3);
        checkpoints.sign();
        allowChanges();
        String signature = data.jdbc.sql("select signature from audit_checkpoints").query(String.class).single();
        char last = signature.charAt(signature.length() - 3);
        data.execute("update audit_checkpoints set signature = '" + signature.substring(0, signature.length() - 3)
                + (last == 'A' ? 'B' : 'A') + signature.substring(signature.length() - 2) + "'");

        assertThat(verify().problems()).singleElement().asString().contains("does not verify");
    }

    @Test
    void aMissingSignatureAndARemovedCheckpointAreFound() throws Exception {
        append(1, 3);
        checkpoints.sign();
        append(4, 5);
        checkpoints.sign();
        append(6, 6);
        checkpoints.sign();
        allowChanges();
        data.execute("update audit_checkpoints set signature = '' where id = 3");
        data.execute("delete from audit_checkpoints where id = 1");

        assertThat(verify().problems()).containsExactly("Checkpoint #1 is missing.",
                "Checkpoint #3 (event #6) has no signature.");
    }

    @Test
    void verifyRefusesToRunWithoutTheKeyFile() {
        append(1, 1);
        assertThatThrownBy(() -> AuditVerifyCommand.verify(data.dataSource, dataDir.resolve("keys/nowhere.json")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not exist").hasMessageContaining("UKETSUKE_AUDIT_KEY_FILE");
    }

    private AuditReport verify() {
        return AuditVerifyCommand.verify(data.dataSource, keyFile);
    }

    private void append(int from, int to) {
        for (int i = from; i <= to; i++) {
            data.audit.record(new AuditEvent("user:hanako", i % 3 == 0 ? null : tenant, "call.read", "call:" + i,
                    "192.0.2.1", AuditEvent.OK));
            data.clock.advance(Duration.ofSeconds(1));
        }
    }

    /** What someone with full database access could do. */
    private void allowChanges() throws Exception {
        for (String table : new String[] {"audit_events", "audit_checkpoints"}) {
            data.execute(database == Database.H2 ? "drop trigger " + table + "_append_only"
                    : "alter table " + table + " disable trigger " + table + "_append_only");
        }
    }
}
