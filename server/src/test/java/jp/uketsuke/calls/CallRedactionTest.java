package jp.uketsuke.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.calls.internal.JdbcCallHistory;
import jp.uketsuke.calls.internal.JdbcCallJournal;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.config.Database;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.vault.CiphertextRejectedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Transcripts masked for whoever may not see them unredacted (S8), and the CSV export of calls (S9), on H2 and PostgreSQL. */
@ParameterizedClass
@EnumSource(Database.class)
class CallRedactionTest {

    static final String SAID = "電話番号は090-1234-5678、メールは taro@example.jp です。カードは4111 1111 1111 1111。";
    static final String PURPOSE = "〒100-0005 東京都千代田区丸の内1-1-1 へ配達の件 (0312345678)";

    @Parameter
    Database database;
    @TempDir
    Path dataDir;
    DataFixture data;
    JdbcCallJournal journal;
    JdbcCallHistory history;
    UUID tenant;
    UUID otherTenant;
    Instant t0;

    @BeforeEach
    void start() {
        data = DataFixture.start(database, dataDir);
        journal = data.journal("node-1");
        history = data.history();
        tenant = data.tenants.create("山田歯科", "ja");
        otherTenant = data.tenants.create("Other", "ja");
        t0 = data.clock.instant();
    }

    @AfterEach
    void stop() throws Exception {
        data.close();
    }

    private Viewer viewer(String actor, String... permissions) {
        return new Viewer(actor, Set.of(tenant), Set.of(permissions), "192.0.2.10");
    }

    private UUID call(Instant at, String said, String purpose) {
        UUID call = journal.open(tenant, "09087654321", "0500000000", at);
        journal.addTurn(call, Speaker.BOT, Duration.ofSeconds(1), "お電話ありがとうございます。");
        journal.addTurn(call, Speaker.CALLER, Duration.ofSeconds(5), said);
        if (purpose != null) {
            journal.setPurpose(call, purpose);
        }
        journal.close(call, at.plusSeconds(42), CallOutcome.MESSAGE_TAKEN);
        return call;
    }

    @Test
    void whoeverLacksTranscriptsUnredactedReadsMaskedWords() {
        UUID call = call(t0, SAID, PURPOSE);

        CallDetail masked = history.find(viewer("user:member", Permissions.CALLS_READ), call).orElseThrow();
        assertThat(masked.redacted()).isTrue();
        assertThat(masked.turns().get(1).text())
                .isEqualTo("電話番号は[電話番号 ****-5678]、メールは [メールアドレス] です。カードは[カード番号 ****-1111]。");
        assertThat(masked.purpose()).isEqualTo("[住所] へ配達の件 ([電話番号 ****-5678])");
        assertThat(masked.turns().getFirst().text()).isEqualTo("お電話ありがとうございます。");
        assertThat(masked.summary().callerMasked()).isEqualTo("090-****-4321");

        CallDetail whole = history.find(viewer("user:owner", Permissions.CALLS_READ, Permissions.TRANSCRIPTS_UNREDACTED), call)
                .orElseThrow();
        assertThat(whole.redacted()).isFalse();
        assertThat(whole.turns().get(1).text()).isEqualTo(SAID);
        assertThat(whole.purpose()).isEqualTo(PURPOSE);

        // unredacted in another tenant is not unredacted here
        var elsewhere = new Viewer("user:mixed", Set.of(tenant, otherTenant), Set.of(Permissions.CALLS_READ), "192.0.2.12");
        assertThat(history.find(elsewhere, call).orElseThrow().redacted()).isTrue();

        assertThat(auditTrail()).extracting(AuditEvent::actor, AuditEvent::action, AuditEvent::target, AuditEvent::result)
                .containsExactly(tuple("user:member", "call.read", "call:" + call, "ok"),
                        tuple("user:owner", "call.read.unredacted", "call:" + call, "ok"),
                        tuple("user:mixed", "call.read", "call:" + call, "ok"));
    }

    @Test
    void theExportIsCsvForExcelMaskedForWhoeverLacksTranscriptsUnredactedAndAuditedWithItsCount() throws IOException {
        UUID first = call(t0, SAID, PURPOSE);
        UUID second = call(t0.plusSeconds(600), "=HYPERLINK(\"http://evil.example\") 明日15時半に伺います", "=1+1");
        call(t0.plusSeconds(7200), "その後の通話", null); // after the period

        Viewer exporter = viewer("user:clerk", Permissions.CALLS_EXPORT);
        CallHistory.CallExport export = history.export(exporter, tenant, t0, t0.plusSeconds(3600), 100).orElseThrow();
        assertThat(export.redacted()).isTrue();
        assertThat(export.truncated()).isFalse();
        var out = new StringWriter();
        assertThat(export.writeCsv(out)).isEqualTo(2);
        String csv = out.toString();

        assertThat(csv).startsWith("\uFEFF\"started_at_jst\",\"duration_seconds\",\"caller\",\"dialed_number\",\"outcome\","
                + "\"flow_version\",\"purpose\",\"transcript\"\r\n");
        List<String> lines = List.of(csv.substring(1).split("\r\n"));
        assertThat(lines).hasSize(3);
        // 2026-04-01T00:00Z is 09:00 in Tokyo
        assertThat(lines.get(1)).isEqualTo("\"2026-04-01 09:00:00\",\"42\",\"090-****-4321\",\"0500000000\",\"MESSAGE_TAKEN\","
                + "\"0\",\"[住所] へ配達の件 ([電話番号 ****-5678])\",\"00:01 BOT: お電話ありがとうございます。\n00:05 CALLER: "
                + "電話番号は[電話番号 ****-5678]、メールは [メールアドレス] です。カードは[カード番号 ****-1111]。\"");
        // what a caller says never becomes a formula in a spreadsheet; ordinary numbers stay
        assertThat(lines.get(2)).contains(",\"'=1+1\",").contains("=HYPERLINK(\"\"http://evil.example\"\") 明日15時半に伺います");
        assertThat(csv).doesNotContain("5678-").doesNotContain("090-1234").doesNotContain("taro@").doesNotContain("4111 1111")
                .doesNotContain("丸の内").doesNotContain("87654321");

        Viewer owner = viewer("user:owner", Permissions.CALLS_EXPORT, Permissions.TRANSCRIPTS_UNREDACTED);
        var whole = new StringWriter();
        CallHistory.CallExport unredacted = history.export(owner, tenant, t0, t0.plusSeconds(3600), 100).orElseThrow();
        assertThat(unredacted.redacted()).isFalse();
        unredacted.writeCsv(whole);
        assertThat(whole.toString()).contains(SAID).contains(PURPOSE).contains("090-****-4321");

        assertThat(auditTrail()).extracting(AuditEvent::actor, AuditEvent::action, AuditEvent::target, AuditEvent::result)
                .containsExactly(
                        tuple("user:clerk", "call.export",
                                "tenant:" + tenant + " calls:2 from:2026-04-01T00:00:00Z to:2026-04-01T01:00:00Z", "ok"),
                        tuple("user:owner", "call.export.unredacted",
                                "tenant:" + tenant + " calls:2 from:2026-04-01T00:00:00Z to:2026-04-01T01:00:00Z", "ok"));
        assertThat(auditTrail()).extracting(AuditEvent::target).noneMatch(t -> t.contains(first.toString()) || t.contains(second.toString()));
        assertThat(data.audit.verify().intact()).isTrue();
    }

    @Test
    void anExportHoldsAtMostItsLimitOldestFirstAndSaysItWasCut() throws IOException {
        call(t0, "一件目", null);
        call(t0.plusSeconds(60), "二件目", null);
        call(t0.plusSeconds(120), "三件目", null);

        CallHistory.CallExport export = history.export(viewer("user:clerk", Permissions.CALLS_EXPORT), tenant, t0,
                t0.plusSeconds(3600), 2).orElseThrow();
        var out = new StringWriter();
        assertThat(export.truncated()).isTrue();
        assertThat(export.writeCsv(out)).isEqualTo(2);
        assertThat(out.toString()).contains("一件目").contains("二件目").doesNotContain("三件目");
        assertThatThrownBy(() -> export.writeCsv(new StringWriter())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void badPeriodsAndLimitsAreRefusedBeforeAnythingIsRead() {
        Viewer exporter = viewer("user:clerk", Permissions.CALLS_EXPORT);
        Instant t1 = t0.plusSeconds(60);
        for (Runnable bad : List.<Runnable>of(
                () -> history.export(exporter, tenant, t1, t0, 10),
                () -> history.export(exporter, tenant, t0, t0, 10),
                () -> history.export(exporter, tenant, null, t1, 10),
                () -> history.export(exporter, tenant, t0, null, 10),
                () -> history.export(exporter, tenant, t0, t0.plus(Duration.ofDays(367)), 10),
                () -> history.export(exporter, tenant, t0, t1, 0),
                () -> history.export(exporter, tenant, t0, t1, -1),
                () -> history.export(exporter, tenant, t0, t1, CallHistory.MAX_EXPORT_ROWS + 1),
                () -> history.export(exporter, tenant, t0, t1, Integer.MAX_VALUE))) {
            assertThatThrownBy(bad::run).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(auditTrail()).isEmpty();
    }

    @Test
    void anExportNeedsCallsExportInThatTenant() {
        call(t0, SAID, null);
        var reader = viewer("user:reader", Permissions.CALLS_READ, Permissions.TRANSCRIPTS_UNREDACTED);
        var outsider = new Viewer("user:mallory", Set.of(otherTenant), Set.of(Permissions.CALLS_EXPORT), "192.0.2.66");
        Instant to = t0.plusSeconds(60);

        assertThat(history.export(reader, tenant, t0, to, 10)).isEmpty();
        assertThat(history.export(outsider, tenant, t0, to, 10)).isEmpty();
        assertThat(history.export(outsider, null, t0, to, 10)).isEmpty();

        assertThat(auditTrail()).extracting(AuditEvent::actor, AuditEvent::tenantId, AuditEvent::action, AuditEvent::result)
                .containsExactly(tuple("user:reader", tenant, "call.export", "denied"),
                        tuple("user:mallory", tenant, "call.export", "denied"),
                        tuple("user:mallory", null, "call.export", "denied"));
    }

    @Test
    void anExportThatFailsHalfWayIsAuditedWithWhatWasWritten() {
        call(t0, "一件目", null);
        UUID damaged = call(t0.plusSeconds(60), "二件目", null);
        data.jdbc.sql("update call_turns set seq = 7 where call_id = ? and seq = 1").param(damaged).update();

        CallHistory.CallExport export = history.export(viewer("user:clerk", Permissions.CALLS_EXPORT), tenant, t0,
                t0.plusSeconds(3600), 10).orElseThrow();
        assertThatThrownBy(() -> export.writeCsv(new StringWriter())).isInstanceOf(CiphertextRejectedException.class);

        // a client that goes away half-way
        CallHistory.CallExport again = history.export(viewer("user:clerk", Permissions.CALLS_EXPORT), tenant, t0,
                t0.plusSeconds(30), 10).orElseThrow();
        Writer gone = new Writer() {
            @Override
            public void write(char[] chars, int off, int len) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        assertThatThrownBy(() -> again.writeCsv(gone)).isInstanceOf(IOException.class);

        assertThat(auditTrail()).extracting(AuditEvent::action, AuditEvent::target, AuditEvent::result)
                .containsExactly(
                        tuple("call.export", "tenant:" + tenant + " calls:1 from:2026-04-01T00:00:00Z to:2026-04-01T01:00:00Z", "error"),
                        tuple("call.export", "tenant:" + tenant + " calls:0 from:2026-04-01T00:00:00Z to:2026-04-01T00:00:30Z", "error"));
    }

    private List<AuditEvent> auditTrail() {
        return data.jdbc.sql("select actor, tenant_id, action, target, source_address, result from audit_events order by seq")
                .query((rs, n) -> new AuditEvent(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6)))
                .list();
    }
}
