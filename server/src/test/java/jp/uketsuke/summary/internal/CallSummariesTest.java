package jp.uketsuke.summary.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.calls.CallCompleted;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.calls.Speaker;
import jp.uketsuke.calls.internal.JdbcCallJournal;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.config.Database;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.summary.PurposeCategory;
import jp.uketsuke.summary.RequestedTime;
import jp.uketsuke.summary.ShownSummary;
import jp.uketsuke.summary.SummaryMethod;
import jp.uketsuke.summary.Urgency;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Summaries made when calls close, sealed, read back with checks, masking and audit, on H2 and PostgreSQL. */
@ParameterizedClass
@EnumSource(Database.class)
@ExtendWith(OutputCaptureExtension.class)
class CallSummariesTest {

    @Parameter
    Database database;
    @TempDir
    Path dataDir;
    DataFixture data;
    JdbcCallJournal journal;
    JdbcSummaryStore store;
    JdbcCallSummaries summaries;
    JdbcSummarySettings settings;
    UUID tenant;
    UUID otherTenant;
    Viewer manager;
    Viewer clerk;
    Viewer outsider;
    HttpServer llmServer;
    final List<String> llmRequests = new CopyOnWriteArrayList<>();
    final AtomicReference<String> llmAnswer = new AtomicReference<>();
    SummaryWriter writer;

    @BeforeEach
    void start() throws Exception {
        data = DataFixture.start(database, dataDir);
        data.clock.advance(Duration.between(data.clock.instant(), Instant.parse("2026-12-07T01:00:00Z")));
        journal = data.journal("node-1");
        store = new JdbcSummaryStore(data.jdbc, data.vault);
        summaries = new JdbcCallSummaries(store, data.audit);
        settings = new JdbcSummarySettings(store, data.audit, data.clock, true);
        tenant = data.tenants.create("ミナト歯科", "ja");
        otherTenant = data.tenants.create("Other", "ja");
        manager = new Viewer("user:hanako", Set.of(tenant), Set.of("calls:read", "transcripts:unredacted", "settings:manage"),
                "192.0.2.10");
        clerk = new Viewer("user:jiro", Set.of(tenant), Set.of("calls:read"), "192.0.2.11");
        outsider = new Viewer("user:mallory", Set.of(otherTenant), Set.of("calls:read", "transcripts:unredacted",
                "settings:manage"), "192.0.2.66");
        llmServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        llmServer.createContext("/v1/chat/completions", exchange -> {
            try (exchange) {
                llmRequests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                String content = llmAnswer.get();
                if (content == null) {
                    exchange.sendResponseHeaders(500, -1);
                    return;
                }
                byte[] body = ("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                        + tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(content) + "}}]}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        llmServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (writer != null) {
            writer.close();
        }
        llmServer.stop(0);
        data.close();
    }

    SummaryWriter writer(boolean withLlm) {
        Optional<ChatCompletionsSummariser> llm = withLlm ? Optional.of(new ChatCompletionsSummariser(new LlmSettings(
                URI.create("http://127.0.0.1:" + llmServer.getAddress().getPort()), Set.of("127.0.0.1"), "local", null,
                Duration.ofSeconds(5)))) : Optional.empty();
        writer = new SummaryWriter(data.history(), store, llm, data.clock, 1, 100);
        return writer;
    }

    UUID messageCall() {
        Instant start = data.clock.instant();
        UUID call = journal.open(tenant, "09011112222", "0500000000", start);
        journal.setPurpose(call, "予約の件");
        journal.addTurn(call, Speaker.BOT, Duration.ZERO, "ご用件をどうぞ。");
        journal.addTurn(call, Speaker.CALLER, Duration.ofSeconds(3),
                "田中と申します。明日の午後3時に予約したいので、折り返し090-1234-5678にお電話ください。急ぎです。");
        journal.close(call, start.plusSeconds(40), CallOutcome.MESSAGE_TAKEN);
        return call;
    }

    void deliverEvents(SummaryWriter w) throws InterruptedException {
        for (Object event : data.published) {
            if (event instanceof CallCompleted completed) {
                w.callCompleted(completed);
            }
        }
        data.published.clear();
        assertThat(w.awaitIdle(10_000)).isTrue();
    }

    static final ShownSummary EXPECTED = new ShownSummary(PurposeCategory.APPOINTMENT, "田中", "09012345678",
            new RequestedTime(LocalDate.of(2026, 12, 8), LocalTime.of(15, 0), null), Urgency.HIGH, SummaryMethod.OFFLINE,
            false, false);

    @Test
    void aMessageGetsASealedSummaryWithItsCallbackNumberAndDate() throws Exception {
        UUID call = messageCall();
        deliverEvents(writer(false));

        assertThat(summaries.find(manager, call)).contains(EXPECTED);
        byte[] sealed = data.jdbc.sql("select summary from call_summaries where call_id = ?").param(call)
                .query(byte[].class).single();
        String raw = new String(sealed, StandardCharsets.ISO_8859_1) + new String(sealed, StandardCharsets.UTF_8);
        assertThat(raw).doesNotContain("09012345678").doesNotContain("田中").doesNotContain("2026-12-08");
        // the summariser read the call as an audited system actor of that tenant
        assertThat(auditTrail()).contains(
                new AuditEvent("system:summary", tenant, "call.read.unredacted", "call:" + call, null, "ok"),
                new AuditEvent("user:hanako", tenant, "summary.read", "call:" + call, "192.0.2.10", "ok"));
    }

    @Test
    void withoutUnredactedTranscriptsTheNumberIsMaskedAndTheNameWithheld() throws Exception {
        UUID call = messageCall();
        deliverEvents(writer(false));

        ShownSummary shown = summaries.find(clerk, call).orElseThrow();

        assertThat(shown.callbackNumber()).doesNotContain("1234").contains("5678");
        assertThat(shown.callerName()).isNull();
        assertThat(shown.nameHidden()).isTrue();
        assertThat(shown.masked()).isTrue();
        assertThat(shown.requested()).isEqualTo(EXPECTED.requested());
    }

    @Test
    void anotherTenantSeesNothingAndTheAttemptIsAudited() throws Exception {
        UUID call = messageCall();
        deliverEvents(writer(false));

        assertThat(summaries.find(outsider, call)).isEmpty();
        assertThat(summaries.find(outsider, UUID.randomUUID())).isEmpty();
        assertThat(auditTrail()).contains(new AuditEvent("user:mallory", tenant, "summary.read", "call:" + call,
                "192.0.2.66", "denied"));
    }

    @Test
    void aFailingLlmFallsBackToTheOfflineSummaryAndNothingIsLost(CapturedOutput output) throws Exception {
        llmAnswer.set(null); // 500
        UUID call = messageCall();
        deliverEvents(writer(true));

        assertThat(llmRequests).hasSize(1);
        assertThat(summaries.find(manager, call)).contains(EXPECTED);
        assertThat(output.getAll()).contains("LLM summary of call " + call + " failed, the offline summary is kept: "
                + "the LLM summariser at http://127.0.0.1:" + llmServer.getAddress().getPort() + " answered 500")
                .doesNotContain("1234-5678").doesNotContain("12345678").doesNotContain("田中").doesNotContain("午後3時");
    }

    @Test
    void theLlmSeesNoPersonalDataUnlessTheTenantAllowsIt() throws Exception {
        llmAnswer.set("""
                {"category": "APPOINTMENT", "caller_name": "田中", "callback_number": null, "requested_date": "2026-12-08",
                 "requested_time": "15:00", "part_of_day": null, "urgency": "HIGH"}""");
        UUID first = messageCall();
        deliverEvents(writer(true));
        assertThat(llmRequests.getLast()).contains("明日の午後3時").doesNotContain("090-1234-5678").doesNotContain("12345678");
        assertThat(summaries.find(manager, first).orElseThrow().method()).isEqualTo(SummaryMethod.LLM);
        assertThat(summaries.find(manager, first).orElseThrow().callbackNumber()).isEqualTo("09012345678");

        assertThatThrownBy(() -> settings.setSendsUnredacted(clerk, tenant, true)).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> settings.setSendsUnredacted(outsider, tenant, true)).isInstanceOf(SecurityException.class);
        assertThat(settings.sendsUnredacted(manager, tenant)).isFalse();
        settings.setSendsUnredacted(manager, tenant, true);
        assertThat(settings.sendsUnredacted(manager, tenant)).isTrue();

        messageCall();
        deliverEvents(writer);
        assertThat(llmRequests.getLast()).contains("090-1234-5678");
        assertThat(auditTrail()).contains(
                new AuditEvent("user:jiro", tenant, "settings.summary.unredacted.on", "tenant:" + tenant, "192.0.2.11", "denied"),
                new AuditEvent("user:hanako", tenant, "settings.summary.unredacted.on", "tenant:" + tenant, "192.0.2.10", "ok"));
    }

    @Test
    void aRestartSummarisesClosedCallsThatHaveNoneBoundedAndOnce() throws Exception {
        UUID first = messageCall();
        UUID second = messageCall();
        UUID open = journal.open(tenant, "09011112222", "0500000000", data.clock.instant());
        data.published.clear(); // the node stopped before it could summarise them

        SummaryWriter restarted = writer(false);
        assertThat(restarted.catchUp(1)).isEqualTo(1);
        assertThat(restarted.awaitIdle(10_000)).isTrue();
        assertThat(restarted.catchUp(10)).isEqualTo(1);
        assertThat(restarted.awaitIdle(10_000)).isTrue();
        assertThat(restarted.catchUp(10)).isZero();

        assertThat(summaries.find(manager, first)).isPresent();
        assertThat(summaries.find(manager, second)).isPresent();
        assertThat(summaries.find(manager, open)).isEmpty();
        assertThat(restarted.summarise(first, tenant)).isEmpty(); // already summarised: kept as it is
        assertThat(data.jdbc.sql("select count(*) from call_summaries").query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void aSummaryCopiedToAnotherCallDoesNotOpen() throws Exception {
        UUID first = messageCall();
        UUID second = messageCall();
        deliverEvents(writer(false));
        data.execute("update call_summaries set summary = (select summary from call_summaries where call_id = '" + first
                + "') where call_id = '" + second + "'");

        assertThat(summaries.find(manager, second)).isEmpty();
        assertThat(summaries.find(manager, first)).isPresent();
        assertThat(auditTrail()).contains(new AuditEvent("user:hanako", tenant, "summary.read", "call:" + second,
                "192.0.2.10", "error"));
    }

    List<AuditEvent> auditTrail() {
        return data.jdbc.sql("select actor, tenant_id, action, target, source_address, result from audit_events order by seq")
                .query((rs, n) -> new AuditEvent(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6)))
                .list();
    }
}
