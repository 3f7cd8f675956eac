package jp.uketsuke.voicebot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.hours.BusinessHours;
import jp.uketsuke.voicebot.Node.Branch;
import jp.uketsuke.voicebot.Simulation.Actor;
import org.junit.jupiter.api.Test;

/** Every node type run by the engine against typed caller turns: no SIP, no Spring, no speech. */
class FlowEngineTest {

    private static final UUID TENANT = UUID.randomUUID();
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    /** A Tuesday at 10:00 in Tokyo: open by the standard hours. */
    private static final Clock WEEKDAY_MORNING = at(2026, 12, 8, 10, 0);

    private static final FaqEntry HOURS = new FaqEntry("hours", List.of("営業時間", "何時まで開いていますか"),
            "平日の9時から18時まで営業しております。", '1');
    private static final FaqEntry PARKING = new FaqEntry("parking", List.of("駐車場はありますか", "駐車場"),
            "駐車場はございません。", null);

    private static Clock at(int y, int m, int d, int hour, int minute) {
        return Clock.fixed(ZonedDateTime.of(y, m, d, hour, minute, 0, 0, TOKYO).toInstant(), TOKYO);
    }

    private static Simulation run(Flow flow, Clock clock, String caller, boolean staffAnswers, CallerTurn... turns) {
        return Simulator.run(CompiledFlow.of(1, flow), List.of(turns), TENANT, "0500000001", caller, staffAnswers,
                clock);
    }

    private static Simulation run(Flow flow, CallerTurn... turns) {
        return run(flow, WEEKDAY_MORNING, "09012345678", false, turns);
    }

    private static Flow flow(Node... nodes) {
        return new Flow("ja-JP", null, List.of(nodes), List.of(HOURS, PARKING), List.of(), null);
    }

    private static Prompt say(String text) {
        return Prompt.text(text);
    }

    private static List<String> botSaid(Simulation s) {
        return s.turns().stream().filter(t -> t.actor() == Actor.BOT).map(Simulation.Turn::text).toList();
    }

    @Test
    void sayPlaysItsPromptAndGoesOnToItsNextNode() {
        Simulation s = run(flow(new Node.Say("hello", say("こんにちは"), "bye"), new Node.Hangup("bye", say("さようなら"))));
        assertThat(botSaid(s)).containsExactly("こんにちは", "さようなら");
        assertThat(s.run().visited()).containsExactly("hello", "bye");
        assertThat(s.run().outcome()).isEqualTo(CallOutcome.COMPLETED);
    }

    @Test
    void menuTakesAKeyOrSpokenWordsForAnOption() {
        Node.Menu menu = new Node.Menu("menu", say("予約は1、その他は2"), List.of(
                new Node.Menu.Option("1", List.of("予約"), "booking"),
                new Node.Menu.Option("2", List.of("その他"), "other")), 1, 5, null, "bye", "bye");
        Flow flow = flow(menu, new Node.Hangup("booking", say("予約ですね")), new Node.Hangup("other", say("その他ですね")),
                new Node.Hangup("bye", null));
        assertThat(run(flow, CallerTurn.pressing("2")).run().visited()).containsExactly("menu", "other");
        Simulation spoken = run(flow, CallerTurn.saying("予約をお願いしたいのですが"));
        assertThat(spoken.run().visited()).containsExactly("menu", "booking");
        assertThat(spoken.run().values()).containsEntry("menu", "1");
    }

    @Test
    void menuAsksAgainWithItsRetryPromptThenRoutesNoMatchAndNoInputApart() {
        Node.Menu menu = new Node.Menu("menu", say("1か2を押してください"), List.of(
                new Node.Menu.Option("1", List.of(), "one")), 2, 5, say("もう一度お願いします"), "silent", "unknown");
        Flow flow = flow(menu, new Node.Hangup("one", null), new Node.Hangup("silent", say("無音")),
                new Node.Hangup("unknown", say("不明")));
        Simulation wrongKeys = run(flow, CallerTurn.pressing("9"), CallerTurn.pressing("8"), CallerTurn.pressing("7"));
        assertThat(botSaid(wrongKeys)).containsExactly("1か2を押してください", "もう一度お願いします", "もう一度お願いします", "不明");
        Simulation silent = run(flow);
        assertThat(silent.run().visited()).containsExactly("menu", "silent");
        Simulation secondTry = run(flow, CallerTurn.pressing("5"), CallerTurn.pressing("1"));
        assertThat(secondTry.run().visited()).containsExactly("menu", "one");
    }

    @Test
    void hoursBranchesOnOpenClosedAndHolidayByTheInjectedClock() {
        Flow flow = flow(new Node.Hours("hours", "open", "closed", "holiday"), new Node.Hangup("open", say("営業中")),
                new Node.Hangup("closed", say("営業時間外")), new Node.Hangup("holiday", say("本日は休業日")));
        assertThat(botSaid(run(flow, WEEKDAY_MORNING, null, false))).containsExactly("営業中");
        assertThat(botSaid(run(flow, at(2026, 12, 8, 21, 0), null, false))).containsExactly("営業時間外");
        // 2025-02-24: 振替休日 for 天皇誕生日 on a Sunday
        Simulation holiday = run(flow, at(2025, 2, 24, 21, 0), null, false);
        assertThat(botSaid(holiday)).containsExactly("本日は休業日");
        assertThat(holiday.run().values()).containsEntry("hours", "holiday");
        // the standard hours close 12/29-1/3 (年末年始): a closed day, told apart from after-hours
        assertThat(run(flow, at(2026, 12, 30, 10, 0), null, false).run().values()).containsEntry("hours", "closed_day");
    }

    @Test
    void hoursWithoutAHolidayBranchTreatHolidaysAsClosed() {
        Flow flow = new Flow("ja-JP", null, List.of(new Node.Hours("hours", "open", "closed", null),
                new Node.Hangup("open", say("営業中")), new Node.Hangup("closed", say("休み"))), List.of(), List.of(),
                BusinessHours.standard());
        assertThat(botSaid(run(flow, at(2026, 1, 1, 10, 0), null, false))).containsExactly("休み");
    }

    @Test
    void callerBranchesOnAnonymousVipListedAndOthers() {
        Node.Caller caller = new Node.Caller("who", "anon", "vip", "listed", "other", List.of("090-1111-2222"),
                List.of("03-1234-5678"));
        Flow flow = flow(caller, new Node.Hangup("anon", say("非通知のお電話はお受けできません")),
                new Node.Hangup("vip", say("いつもありがとうございます")), new Node.Hangup("listed", say("登録済み")),
                new Node.Hangup("other", say("こんにちは")));
        assertThat(botSaid(run(flow, WEEKDAY_MORNING, null, false))).containsExactly("非通知のお電話はお受けできません");
        assertThat(botSaid(run(flow, WEEKDAY_MORNING, "09011112222", false))).containsExactly("いつもありがとうございます");
        assertThat(botSaid(run(flow, WEEKDAY_MORNING, "0312345678", false))).containsExactly("登録済み");
        assertThat(botSaid(run(flow, WEEKDAY_MORNING, "0312340000", false))).containsExactly("こんにちは");
    }

    @Test
    void hearKeepsThePurposeAndAFollowingFaqAnswersItWithoutAskingAgain() {
        Flow flow = flow(new Node.Hear("ask", say("ご用件をどうぞ"), null, 5, "faq", "bye"),
                new Node.Faq("faq", say("ご質問をどうぞ"), null, 1, 5, "bye", "message"),
                new Node.Message("message", say("伝言をどうぞ"), 60, null, "bye"), new Node.Hangup("bye", say("失礼します")));
        Simulation s = run(flow, CallerTurn.saying("駐車場はありますか"));
        assertThat(botSaid(s)).containsExactly("ご用件をどうぞ", "駐車場はございません。", "失礼します");
        assertThat(s.run().purpose()).isEqualTo("駐車場はありますか");
        assertThat(s.run().answers()).extracting(FlowRun.FaqAnswer::entryId).containsExactly("parking");
        assertThat(s.run().outcome()).isEqualTo(CallOutcome.FAQ_ANSWERED);
    }

    @Test
    void faqAsksAgainBelowItsThresholdThenGivesUpToUnanswered() {
        Flow flow = flow(new Node.Faq("faq", say("ご質問をどうぞ"), say("もう一度お願いします"), 2, 5, "bye", "message"),
                new Node.Message("message", say("伝言をどうぞ"), 60, say("承りました"), "bye"),
                new Node.Hangup("bye", null));
        Simulation s = run(flow, CallerTurn.saying("天気はどうですか"), CallerTurn.saying("株価を教えて"),
                CallerTurn.saying("田中です、折り返しお願いします"));
        assertThat(botSaid(s)).containsExactly("ご質問をどうぞ", "もう一度お願いします", "伝言をどうぞ", "承りました");
        assertThat(s.run().outcome()).isEqualTo(CallOutcome.MESSAGE_TAKEN);
        assertThat(s.run().values()).containsEntry("message", "taken");
    }

    @Test
    void faqAnswersTheEntryWhoseKeyIsPressed() {
        Flow flow = flow(new Node.Faq("faq", say("ご質問をどうぞ"), null, 1, 5, "bye", "bye"), new Node.Hangup("bye", null));
        assertThat(botSaid(run(flow, CallerTurn.pressing("1")))).contains(HOURS.answer());
    }

    @Test
    void transferHandsOverAndEndsTheBotsPartWhenStaffAnswers() {
        Flow flow = flow(new Node.Transfer("staff", TransferTo.extension("201"), null, 20, say("おつなぎします"),
                say("ただいま出られません"), "message"), new Node.Message("message", say("伝言をどうぞ"), 60, null, null));
        Simulation s = run(flow, WEEKDAY_MORNING, null, true);
        assertThat(s.run().outcome()).isEqualTo(CallOutcome.TRANSFERRED);
        assertThat(s.run().visited()).containsExactly("staff");
        assertThat(botSaid(s)).containsExactly("おつなぎします");
    }

    @Test
    void transferToADepartmentTriesEachExtensionThenFallsBack() {
        Flow flow = new Flow("ja-JP", null, List.of(
                new Node.Transfer("staff", new TransferTo(TransferTo.Kind.DEPARTMENT, "sales"), Node.Transfer.Mode.BLIND,
                        20, say("おつなぎします"), say("ただいま出られません"), "message"),
                new Node.Message("message", say("伝言をどうぞ"), 60, null, null)), List.of(),
                List.of(new Department("sales", "営業部", List.of("201", "202"))), null);
        Simulation s = run(flow, WEEKDAY_MORNING, null, false, CallerTurn.saying("山田です"));
        assertThat(s.turns()).extracting(Simulation.Turn::text).contains(
                "[TRANSFER BLIND to extension 201: not answered]", "[TRANSFER BLIND to extension 202: not answered]");
        // announced once, not before every phone rings
        assertThat(botSaid(s)).containsExactly("おつなぎします", "ただいま出られません", "伝言をどうぞ");
        assertThat(s.run().values()).containsEntry("transfer", "unavailable");
        assertThat(s.run().outcome()).isEqualTo(CallOutcome.MESSAGE_TAKEN);
    }

    @Test
    void messageLeftSilentIsNoMessage() {
        Flow flow = flow(new Node.Message("message", say("伝言をどうぞ"), 30, say("承りました"), null));
        Simulation s = run(flow);
        assertThat(s.run().values()).containsEntry("message", "empty");
        assertThat(s.run().outcome()).isEqualTo(CallOutcome.COMPLETED);
    }

    @Test
    void branchComparesCapturedValuesByEqualityMentionOrEmptiness() {
        Flow flow = flow(new Node.Hear("ask", say("ご用件は"), null, 5, "route", "route"),
                new Branch("route", "purpose", List.of(
                        new Branch.Case(Branch.Test.EMPTY, List.of(), "nothing"),
                        new Branch.Case(Branch.Test.EQUALS, "１", "one"),
                        new Branch.Case(Branch.Test.MENTIONS, List.of("請求書", "支払い"), "billing")), "other"),
                new Node.Hangup("nothing", say("無言")), new Node.Hangup("one", say("一番")),
                new Node.Hangup("billing", say("経理")), new Node.Hangup("other", say("その他")));
        assertThat(botSaid(run(flow))).last().isEqualTo("無言");
        assertThat(botSaid(run(flow, CallerTurn.pressing("1")))).last().isEqualTo("一番");
        assertThat(botSaid(run(flow, CallerTurn.saying("先月の請求書について聞きたいです")))).last().isEqualTo("経理");
        assertThat(botSaid(run(flow, CallerTurn.saying("採用について")))).last().isEqualTo("その他");
    }

    @Test
    void gotoLoopsBackToAMenuUntilTheCallerEnds() {
        Flow flow = flow(new Node.Menu("menu", say("営業時間は1、終了は9"), List.of(
                        new Node.Menu.Option("1", List.of(), "hours"), new Node.Menu.Option("9", List.of(), "bye")), 0, 5,
                        null, "bye", "bye"),
                new Node.Say("hours", say("9時から18時です"), "again"), new Node.Goto("again", "menu"),
                new Node.Hangup("bye", say("失礼します")));
        Simulation s = run(flow, CallerTurn.pressing("1"), CallerTurn.pressing("1"), CallerTurn.pressing("9"));
        assertThat(s.run().visited()).containsExactly("menu", "hours", "again", "menu", "hours", "again", "menu", "bye");
    }

    @Test
    void hangupWithoutAPromptEndsAtOnceAndACallerWhoLeavesEndsTheRun() {
        Flow flow = flow(new Node.Hear("ask", say("ご用件は"), null, 5, "bye", null), new Node.Hangup("bye", null));
        Simulation silentCaller = run(flow(new Node.Menu("menu", say("押してください"), List.of(
                new Node.Menu.Option("1", List.of(), "menu")), 5, 5, null, null, null)));
        assertThat(silentCaller.run().outcome()).isEqualTo(CallOutcome.CALLER_HUNG_UP);
        assertThat(run(flow, CallerTurn.saying("はい")).run().outcome()).isEqualTo(CallOutcome.COMPLETED);
    }

    @Test
    void aCallerAnsweringAMenuForeverIsStoppedByTheStepLimit() {
        Flow loop = flow(new Node.Menu("menu", say("押してください"), List.of(
                new Node.Menu.Option("1", List.of(), "say")), 0, 5, null, null, null),
                new Node.Say("say", say("はい"), "menu"));
        CallerTurn[] presses = new CallerTurn[Simulator.MAX_TURNS];
        java.util.Arrays.fill(presses, CallerTurn.pressing("11111111111111111111"));
        Simulation s = run(loop, presses);
        assertThat(s.run().visited()).hasSizeLessThanOrEqualTo(500);
        assertThat(s.turns()).extracting(Simulation.Turn::text).anyMatch(t -> t.startsWith("[FLOW STOPPED at "));
    }

    @Test
    void theStandardReceptionistAnswersTheFaqTakesMessagesAndSaysGoodbye() {
        Flow reception = StandardFlows.graph(StandardFlows.japanese(List.of(HOURS, PARKING)));
        Simulation faq = run(reception, CallerTurn.saying("えーと駐車場はありますか"), CallerTurn.saying("以上です"));
        assertThat(botSaid(faq)).contains("駐車場はございません。").last()
                .isEqualTo("お電話ありがとうございました。失礼いたします。");
        assertThat(faq.run().outcome()).isEqualTo(CallOutcome.FAQ_ANSWERED);
        Simulation message = run(reception, CallerTurn.pressing("2"), CallerTurn.saying("佐藤です 折り返しください"));
        assertThat(message.run().outcome()).isEqualTo(CallOutcome.MESSAGE_TAKEN);
        Simulation keyed = run(reception, CallerTurn.pressing("1"), CallerTurn.saying("大丈夫です"));
        assertThat(botSaid(keyed)).contains(HOURS.answer());
    }

    @Test
    void aTransferWhoseDepartmentIsMissingFallsBackInADraft() {
        Flow draft = flow(new Node.Transfer("staff", new TransferTo(TransferTo.Kind.DEPARTMENT, "nobody"), null, 20,
                say("おつなぎします"), null, "bye"), new Node.Hangup("bye", say("失礼します")));
        assertThat(run(draft, WEEKDAY_MORNING, null, true).run().visited()).containsExactly("staff", "bye");
    }

    @Test
    void simulationsOfMoreThanTheTurnLimitAreRefused() {
        List<CallerTurn> many = java.util.Collections.nCopies(Simulator.MAX_TURNS + 1, CallerTurn.pressing("1"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Simulator.run(CompiledFlow.of(0,
                        flow(new Node.Hangup("bye", null))), many, TENANT, "x", null, false, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 100 turns");
    }
}
