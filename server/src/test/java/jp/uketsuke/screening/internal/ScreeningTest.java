package jp.uketsuke.screening.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.calls.Speaker;
import jp.uketsuke.calls.internal.JdbcCallJournal;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.config.Database;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.screening.AnonymousPolicy;
import jp.uketsuke.screening.ScreeningFeedback.Label;
import jp.uketsuke.screening.ScreeningLists.ListKind;
import jp.uketsuke.voicebot.CallFacts;
import jp.uketsuke.voicebot.CallerScreening.Verdict;
import jp.uketsuke.voicebot.CallerTurn;
import jp.uketsuke.voicebot.CompiledFlow;
import jp.uketsuke.voicebot.FaqEntry;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.FlowServices;
import jp.uketsuke.voicebot.Node;
import jp.uketsuke.voicebot.Prompt;
import jp.uketsuke.voicebot.Simulation;
import jp.uketsuke.voicebot.Simulator;
import jp.uketsuke.voicebot.TextMessaging;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.security.access.AccessDeniedException;

/**
 * The screen node (F4) run by the engine with the real screening on H2 and PostgreSQL: sales pitches declined and
 * recorded as blocked, customers with similar openings answered without being asked again; block and allow lists,
 * the installation's list and the anonymous-caller policy; lists sealed and shown masked; labels from staff with
 * {@code screening:train} changing the tenant's classifier, refused and audited for anyone else.
 */
@ParameterizedClass
@EnumSource(Database.class)
class ScreeningTest {

    private static final String CUSTOMER = "09012345678";
    private static final String SALES_NUMBER = "0312349876";
    private static final String INSTALLATION_BLOCKED = "0120444555";
    private static final String PITCH = "お忙しいところ恐れ入ります。新電力のご案内でお電話いたしました。ご担当者様はいらっしゃいますか。";
    private static final String LOOKALIKE = "先日ご案内いただいた物件の件でお電話しました。";
    private static SalesModel shared;

    @Parameter
    Database database;
    @TempDir
    Path dataDir;
    DataFixture data;
    ScreeningStore store;
    TenantModels models;
    CallScreeningService screening;
    ScreeningService service;
    UUID tenant;
    Viewer editor;
    Viewer operator;
    Viewer member;

    @BeforeAll
    static void learn() {
        shared = SalesModel.learn(LabelledExamples.load());
    }

    @BeforeEach
    void start() {
        data = DataFixture.start(database, dataDir);
        store = new ScreeningStore(data.jdbc, data.vault);
        models = new TenantModels(shared, t -> ScreeningService.labelledWordsForTraining(store, data.audit, t));
        screening = new CallScreeningService(store, data.vault, models,
                ScreeningConfiguration.installationBlocked(List.of("0120-444-555")), CallScreeningService.REREAD);
        service = new ScreeningService(store, screening, models, data.history(), data.audit, data.transactions,
                data.clock, 1);
        tenant = data.tenants.create("さくら不動産", "ja");
        editor = new Viewer("user:editor", Set.of(tenant), Set.of(Permissions.FLOWS_EDIT), "192.0.2.1");
        operator = new Viewer("user:operator", Set.of(tenant), Set.of(Permissions.CALLS_READ,
                Permissions.SCREENING_TRAIN), "192.0.2.2");
        member = new Viewer("user:member", Set.of(tenant), Set.of(Permissions.CALLS_READ), "192.0.2.3");
    }

    @AfterEach
    void stop() throws Exception {
        models.close();
        data.close();
    }

    /** Greeting, the purpose heard, screening, the FAQ; a message when the FAQ has no answer. */
    private static Flow receptionist(String voicemail) {
        return new Flow("ja-JP", "ask", List.of(
                new Node.Hear("ask", Prompt.text("ご用件をお話しください。"), null, 7, "screen", "bye"),
                new Node.Screen("screen", Prompt.text("ご用件をどうぞ。"), 7, null, voicemail, "faq"),
                new Node.Faq("faq", Prompt.text("ご質問をどうぞ。"), null, 1, 7, "bye", "message"),
                new Node.Message("message", Prompt.text("伝言をどうぞ。"), 60, Prompt.text("承りました。"), "bye"),
                new Node.Hangup("bye", Prompt.text("失礼いたします。"))),
                List.of(new FaqEntry("parking", List.of("駐車場はありますか"), "駐車場は2台分ございます。", null),
                        new FaqEntry("viewing", List.of("物件の件でお電話しました", "内見の予約をしたい"),
                                "内見のご予約は担当者が承ります。", null)),
                List.of(), null);
    }

    private Simulation call(Flow flow, String caller, String... said) {
        return Simulator.run(CompiledFlow.of(1, flow), java.util.Arrays.stream(said).map(CallerTurn::saying).toList(),
                tenant, "0500000001", caller, false, new FlowServices(screening, TextMessaging.NONE), data.clock);
    }

    private static List<String> bot(Simulation s) {
        return s.turns().stream().filter(t -> t.actor() == Simulation.Actor.BOT).map(Simulation.Turn::text).toList();
    }

    private static List<String> steps(Simulation s) {
        return s.turns().stream().filter(t -> t.actor() == Simulation.Actor.STEP).map(Simulation.Turn::text).toList();
    }

    @Test
    void aSalesPitchIsDeclinedPolitelyAndTheCallRecordedAsBlocked() {
        Simulation s = call(receptionist(null), CUSTOMER, PITCH);
        assertThat(bot(s)).containsExactly("ご用件をお話しください。", "恐れ入りますが、営業のお電話はお断りしております。失礼いたします。");
        assertThat(s.run().outcome()).isEqualTo(CallOutcome.BLOCKED);
        assertThat(s.run().values()).containsEntry("screen", "sales");
        assertThat(steps(s)).anyMatch(t -> t.startsWith("[SCREENING sales")).noneMatch(t -> t.contains("1234"));
    }

    @Test
    void aCustomerWithASimilarOpeningGoesOnAndIsAnsweredWithoutBeingAskedAgain() {
        Simulation s = call(receptionist(null), CUSTOMER, LOOKALIKE);
        assertThat(bot(s)).containsExactly("ご用件をお話しください。", "内見のご予約は担当者が承ります。", "失礼いたします。");
        assertThat(s.run().outcome()).isEqualTo(CallOutcome.FAQ_ANSWERED);
        assertThat(s.run().values()).containsEntry("screen", "not_sales");
    }

    @Test
    void withVoicemailASalesCallLeavesAMessageAndIsStillBlocked() {
        Simulation s = call(receptionist("message"), CUSTOMER, PITCH, "資料をお送りしたいので折り返しお願いします");
        assertThat(bot(s)).containsSubsequence("伝言をどうぞ。", "承りました。");
        assertThat(s.run().outcome()).isEqualTo(CallOutcome.BLOCKED);
    }

    @Test
    void aScreenNodeWithNothingHeardAsksItsOwnQuestionAndLeavesTheAnswerForTheFaq() {
        Flow flow = new Flow("ja-JP", "screen", receptionist(null).nodes().subList(1, 5), receptionist(null).faq(),
                List.of(), null);
        Simulation customer = call(flow, CUSTOMER, "駐車場はありますか");
        assertThat(bot(customer)).containsExactly("ご用件をどうぞ。", "駐車場は2台分ございます。", "失礼いたします。");
        assertThat(customer.run().purpose()).isEqualTo("駐車場はありますか");
        assertThat(call(flow, CUSTOMER, "I am calling to offer resources for your business").run().outcome())
                .isEqualTo(CallOutcome.BLOCKED);
    }

    @Test
    void aScreenNodeAfterTheFaqJudgesThePurposeTheFaqAlreadyTried() {
        Flow flow = new Flow("ja-JP", "ask", List.of(
                new Node.Hear("ask", Prompt.text("ご用件をお話しください。"), null, 7, "faq", "bye"),
                new Node.Faq("faq", Prompt.text("ご質問をどうぞ。"), null, 1, 7, "screen", "screen"),
                new Node.Screen("screen", Prompt.text("ご用件をどうぞ。"), 7, null, null, "message"),
                new Node.Message("message", Prompt.text("伝言をどうぞ。"), 60, null, "bye"),
                new Node.Hangup("bye", null)), receptionist(null).faq(), List.of(), null);
        Simulation pitch = call(flow, CUSTOMER, PITCH);
        assertThat(pitch.run().outcome()).isEqualTo(CallOutcome.BLOCKED);
        assertThat(bot(pitch)).doesNotContain("ご用件をどうぞ。");
        Simulation keyed = Simulator.run(CompiledFlow.of(1, flow), List.of(CallerTurn.pressing("1")), tenant,
                "0500000001", CUSTOMER, false, new FlowServices(screening, TextMessaging.NONE), data.clock);
        assertThat(keyed.run().values()).containsEntry("screen", "not_screened");
        assertThat(bot(keyed)).contains("伝言をどうぞ。").doesNotContain("ご用件をどうぞ。");
    }

    @Test
    void blockedNumbersAreDeclinedBeforeAnythingIsAskedAndAllowedOnesAreNeverScreened() {
        Flow flow = new Flow("ja-JP", "screen", receptionist(null).nodes().subList(1, 5), receptionist(null).faq(),
                List.of(), null);
        service.add(editor, tenant, ListKind.BLOCK, "03-1234-9876");
        Simulation blocked = call(flow, SALES_NUMBER, "駐車場はありますか");
        assertThat(bot(blocked)).containsExactly("恐れ入りますが、営業のお電話はお断りしております。失礼いたします。");
        assertThat(blocked.run().outcome()).isEqualTo(CallOutcome.BLOCKED);
        assertThat(steps(blocked)).anyMatch(t -> t.contains("block list")).noneMatch(t -> t.contains("9876"));

        assertThat(call(flow, INSTALLATION_BLOCKED, "駐車場はありますか").run().outcome()).isEqualTo(CallOutcome.BLOCKED);

        // the same number moved to the allow list: a pitch from it goes through
        service.add(editor, tenant, ListKind.ALLOW, "+81-3-1234-9876");
        Simulation allowed = call(flow, SALES_NUMBER, PITCH);
        assertThat(allowed.run().outcome()).isNotEqualTo(CallOutcome.BLOCKED);
        assertThat(allowed.run().values()).containsEntry("screen", "allowed");
        assertThat(service.rules(editor, tenant).numbers()).singleElement()
                .satisfies(n -> assertThat(n.list()).isEqualTo(ListKind.ALLOW))
                .satisfies(n -> assertThat(n.masked()).isEqualTo("031-****-9876"));
    }

    @Test
    void withheldNumbersAreAllowedJudgedOrDeclinedAsTheTenantChooses() {
        Flow flow = receptionist(null);
        assertThat(call(flow, null, PITCH).run().outcome()).as("judged by default").isEqualTo(CallOutcome.BLOCKED);
        assertThat(call(flow, null, LOOKALIKE).run().outcome()).isEqualTo(CallOutcome.FAQ_ANSWERED);
        service.setAnonymousPolicy(editor, tenant, AnonymousPolicy.DECLINE);
        assertThat(call(flow, null, LOOKALIKE).run().outcome()).isEqualTo(CallOutcome.BLOCKED);
        assertThat(call(flow, CUSTOMER, LOOKALIKE).run().outcome()).isEqualTo(CallOutcome.FAQ_ANSWERED);
        service.setAnonymousPolicy(editor, tenant, AnonymousPolicy.ALLOW);
        assertThat(call(flow, null, PITCH).run().outcome()).isNotEqualTo(CallOutcome.BLOCKED);
    }

    @Test
    void listedNumbersAreSealedAndTheListsNeedFlowsEdit() {
        service.add(editor, tenant, ListKind.BLOCK, "０３−１２３４−９８７６");
        byte[] sealed = data.jdbc.sql("select sealed_number from screening_numbers").query(byte[].class).single();
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(SALES_NUMBER);
        assertThat(data.jdbc.sql("select number_index from screening_numbers").query(String.class).single())
                .doesNotContain(SALES_NUMBER);

        assertThatThrownBy(() -> service.add(editor, tenant, ListKind.BLOCK, "call me maybe"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not a phone number");
        assertThatThrownBy(() -> service.add(editor, tenant, ListKind.BLOCK, "0".repeat(200)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> service.add(editor, tenant, ListKind.ALLOW, "03-1234-5678;drop"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> service.add(member, tenant, ListKind.ALLOW, CUSTOMER))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> service.rules(member, tenant)).isInstanceOf(AccessDeniedException.class);
        assertThat(service.remove(editor, tenant, UUID.randomUUID())).isFalse();
        assertThat(service.rules(editor, tenant).numbers()).hasSize(1);
        assertThat(audited("screening.number.add.block", "user:editor", "ok")).isEqualTo(1);
        assertThat(audited("screening.number.add", "user:member", "denied")).isEqualTo(1);
        assertThat(data.jdbc.sql("select count(*) from audit_events where target like ?").param("%9876%")
                .query(Long.class).single()).isZero();
    }

    @Test
    void aTenantsLabelsRetrainItsClassifierAndAnyoneWithoutTheRightIsRefusedAndAudited() throws Exception {
        String wording = "ホームページ制作のご案内を見てお電話しました";
        UUID call = callSaying(wording);
        assertThat(screening.screen(new CallFacts(tenant, CUSTOMER, "0500000001"), "ja-JP", wording).kind())
                .isEqualTo(Verdict.Kind.SALES);

        assertThatThrownBy(() -> service.label(member, call, Label.NOT_SALES)).isInstanceOf(AccessDeniedException.class);
        assertThat(audited("screening.label", "user:member", "denied")).isEqualTo(1);
        assertThat(data.jdbc.sql("select count(*) from screening_labels").query(Long.class).single()).isZero();

        assertThat(service.label(operator, UUID.randomUUID(), Label.NOT_SALES)).as("no such call").isFalse();
        assertThat(service.label(operator, call, Label.NOT_SALES)).isTrue();
        assertThat(service.labelOf(member, tenant, call)).contains(Label.NOT_SALES);
        byte[] sealed = data.jdbc.sql("select words from screening_labels").query(byte[].class).single();
        assertThat(new String(sealed, StandardCharsets.UTF_8)).doesNotContain("ホームページ");
        assertThat(audited("screening.label.not_sales", "user:operator", "ok")).isEqualTo(1);

        Instant deadline = Instant.now().plusSeconds(30);
        Verdict after;
        do {
            Thread.sleep(50);
            after = screening.screen(new CallFacts(tenant, CUSTOMER, "0500000001"), "ja-JP", wording);
        } while (after.kind() == Verdict.Kind.SALES && Instant.now().isBefore(deadline));
        assertThat(after.kind()).as("the tenant's own label wins").isEqualTo(Verdict.Kind.NOT_SALES);
        assertThat(audited("screening.labels.read", "system:screening", "ok")).isPositive();
        // other tenants keep the shared model
        UUID other = data.tenants.create("Other", "ja");
        assertThat(screening.screen(new CallFacts(other, CUSTOMER, "0500000002"), "ja-JP", wording).kind())
                .isEqualTo(Verdict.Kind.SALES);
    }

    @Test
    void listsAndLabelsChangedOnOneServerReachAnotherSharingTheDatabase() throws Exception {
        try (TenantModels otherModels = new TenantModels(shared,
                t -> ScreeningService.labelledWordsForTraining(store, data.audit, t))) {
            // the other server reads a tenant's rules again at every call here, instead of every 30 s
            CallScreeningService other = new CallScreeningService(store, data.vault, otherModels, Set.of(),
                    Duration.ZERO);
            CallFacts facts = new CallFacts(tenant, SALES_NUMBER, "0500000001");
            String wording = "ホームページ制作のご案内を見てお電話しました";
            assertThat(other.screen(facts, "ja-JP", wording).kind()).isEqualTo(Verdict.Kind.SALES);

            service.add(editor, tenant, ListKind.ALLOW, SALES_NUMBER);
            assertThat(other.screen(facts, "ja-JP", null).kind()).isEqualTo(Verdict.Kind.ALLOWED);
            service.remove(editor, tenant, service.rules(editor, tenant).numbers().getFirst().id());

            service.label(operator, callSaying(wording), Label.NOT_SALES);
            Instant deadline = Instant.now().plusSeconds(30);
            Verdict after;
            do {
                Thread.sleep(50);
                after = other.screen(facts, "ja-JP", wording);
            } while (after.kind() == Verdict.Kind.SALES && Instant.now().isBefore(deadline));
            assertThat(after.kind()).isEqualTo(Verdict.Kind.NOT_SALES);
        }
    }

    @Test
    void aCallWhoseCallerSaidNothingCannotBeLabelled() {
        JdbcCallJournal journal = data.journal("node-a");
        UUID call = journal.open(tenant, CUSTOMER, "0500000001", data.clock.instant());
        journal.addTurn(call, Speaker.BOT, Duration.ZERO, "ご用件をお話しください。");
        journal.addTurn(call, Speaker.CALLER, Duration.ofSeconds(3), "[DTMF 1]");
        journal.close(call, data.clock.instant(), CallOutcome.CALLER_HUNG_UP);
        assertThatThrownBy(() -> service.label(operator, call, Label.SALES)).isInstanceOf(IllegalArgumentException.class);
        assertThat(data.jdbc.sql("select count(*) from screening_labels").query(Long.class).single()).isZero();
    }

    private UUID callSaying(String words) {
        JdbcCallJournal journal = data.journal("node-a");
        UUID call = journal.open(tenant, CUSTOMER, "0500000001", data.clock.instant());
        journal.addTurn(call, Speaker.BOT, Duration.ZERO, "ご用件をお話しください。");
        journal.addTurn(call, Speaker.CALLER, Duration.ofSeconds(3), words);
        journal.close(call, data.clock.instant(), CallOutcome.FAQ_ANSWERED);
        return call;
    }

    private long audited(String action, String actor, String result) {
        return data.jdbc.sql("select count(*) from audit_events where action = ? and actor = ? and result = ?")
                .params(action, actor, result).query(Long.class).single();
    }
}
