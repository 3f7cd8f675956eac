package jp.uketsuke.voicebot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each way a flow can be unfit to publish, reported with the node at fault. */
class FlowValidatorTest {

    private static final FlowCapabilities HERE = new FlowCapabilities(Set.of("ja", "en"),
            Set.of("0f8fad5b-d9cb-469f-a165-70867728950e"), Set.of("201", "202"));

    private static List<FlowProblem> check(Node... nodes) {
        return FlowValidator.check(new Flow("ja-JP", null, List.of(nodes),
                List.of(new FaqEntry("hours", List.of("営業時間"), "9時からです", null)), List.of(), null), HERE);
    }

    private static Prompt say(String text) {
        return Prompt.text(text);
    }

    @Test
    void aFlowThatConnectsUpIsPublishable() {
        assertThat(check(new Node.Say("hello", say("こんにちは"), "bye"), new Node.Hangup("bye", null))).isEmpty();
        assertThat(FlowValidator.check(StandardFlows.graph(StandardFlows.japanese(List.of())), HERE)).isEmpty();
    }

    @Test
    void aDanglingTargetNamesTheNodeAndTheMissingOne() {
        assertThat(check(new Node.Say("hello", say("こんにちは"), "nowhere")))
                .containsExactly(new FlowProblem("hello", "goes to nowhere, which does not exist"));
    }

    @Test
    void aMissingStartIsReported() {
        List<FlowProblem> problems = FlowValidator.check(new Flow("ja-JP", "missing",
                List.of(new Node.Hangup("bye", null)), List.of(), List.of(), null), HERE);
        assertThat(problems).extracting(FlowProblem::message).contains("the start node missing does not exist");
    }

    @Test
    void twoNodesWithOneIdAreRefused() {
        assertThat(check(new Node.Say("a", say("一"), "a2"), new Node.Hangup("a2", null), new Node.Hangup("a2", null)))
                .contains(new FlowProblem("a2", "two nodes have this id"));
    }

    @Test
    void anUnreachableNodeIsReported() {
        assertThat(check(new Node.Hangup("bye", null), new Node.Say("island", say("誰も来ない"), "bye")))
                .containsExactly(new FlowProblem("island", "cannot be reached from the start"));
    }

    @Test
    void aLoopWithNoWayOutIsRefused() {
        Node.Menu menu = new Node.Menu("menu", say("押してください"), List.of(
                new Node.Menu.Option("1", List.of(), "again")), 1, 5, null, "again", "again");
        List<FlowProblem> problems = check(menu, new Node.Say("again", say("もう一度"), "menu"));
        assertThat(problems).extracting(FlowProblem::node).containsExactlyInAnyOrder("menu", "again");
        assertThat(problems).allMatch(p -> p.message().contains("no way out"));
    }

    @Test
    void aLoopThatNeverWaitsForTheCallerIsRefusedEvenWithAWayOut() {
        Node.Branch branch = new Node.Branch("check", "purpose", List.of(
                new Node.Branch.Case(Node.Branch.Test.EQUALS, "end", "bye")), "again");
        List<FlowProblem> problems = check(new Node.Say("start", say("はい"), "check"), branch,
                new Node.Goto("again", "start"), new Node.Hangup("bye", null));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("without ever waiting for the caller").contains("start → check → again");
        });
    }

    @Test
    void aScreenNodeNamesItsVoicemailAndDecliningEndsTheCallButItNeverCountsAsWaiting() {
        assertThat(check(new Node.Screen("screen", say("ご用件は"), 7, null, "voicemail", "bye"),
                new Node.Hangup("bye", null))).containsExactly(
                new FlowProblem("screen", "goes to voicemail, which does not exist"));
        // a screen node without voicemail may end the call itself (a declined sales call): a way out of the loop
        Node.Menu menu = new Node.Menu("menu", say("押してください"), List.of(
                new Node.Menu.Option("1", List.of(), "screen")), 1, 5, null, "screen", "screen");
        assertThat(check(menu, new Node.Screen("screen", say("ご用件は"), 7, null, null, "menu"))).isEmpty();
        // the words may have been heard before it: a loop through it alone never waits
        List<FlowProblem> loop = check(new Node.Say("start", say("はい"), "screen"),
                new Node.Screen("screen", say("ご用件は"), 7, null, null, "start"));
        assertThat(loop).anyMatch(p -> p.message().contains("without ever waiting for the caller"));
    }

    @Test
    void aPromptOverTheLengthLimitIsRefused() {
        assertThat(check(new Node.Hangup("bye", say("長".repeat(Prompt.MAX_CHARACTERS + 1)))))
                .containsExactly(new FlowProblem("bye", "a prompt is 501 characters; at most 500 are allowed"));
    }

    @Test
    void aLanguageTheInstallationCannotSpeakIsRefused() {
        FlowCapabilities englishOnly = new FlowCapabilities(Set.of("en"), Set.of(), Set.of());
        List<FlowProblem> problems = FlowValidator.check(new Flow("ja-JP", null,
                List.of(new Node.Hangup("bye", say("失礼します"))), List.of(), List.of(), null), englishOnly);
        assertThat(problems).containsExactly(new FlowProblem("bye", "this installation cannot speak ja-JP (it speaks en)"));
        Node.Hangup french = new Node.Hangup("bye", new Prompt("Au revoir", "fr-FR", null));
        assertThat(check(french)).extracting(FlowProblem::message).containsExactly(
                "this installation cannot speak fr-FR (it speaks en, ja)");
    }

    @Test
    void anotherTenantsRecordingOrPhoneIsRefused() {
        assertThat(check(new Node.Hangup("bye", Prompt.recorded("a1b2c3d4-0000-4000-8000-000000000000"))))
                .containsExactly(new FlowProblem("bye", "plays a recorded prompt this tenant does not have"));
        assertThat(check(new Node.Hangup("bye", Prompt.recorded("0f8fad5b-d9cb-469f-a165-70867728950e")))).isEmpty();
        Node.Transfer elsewhere = new Node.Transfer("staff", TransferTo.extension("999"), null, 20, say("おつなぎします"),
                null, "bye");
        assertThat(check(elsewhere, new Node.Hangup("bye", null))).containsExactly(
                new FlowProblem("staff", "transfers to extension 999, which is not one of this tenant's phones"));
    }

    @Test
    void aDepartmentMustExistAndNameOnlyTheTenantsPhones() {
        Node.Transfer toSales = new Node.Transfer("staff", new TransferTo(TransferTo.Kind.DEPARTMENT, "sales"), null, 20,
                say("おつなぎします"), null, "bye");
        assertThat(check(toSales, new Node.Hangup("bye", null))).extracting(FlowProblem::message)
                .containsExactly("transfers to department sales, which the flow does not define");
        Flow withForeignPhone = new Flow("ja-JP", null, List.of(toSales, new Node.Hangup("bye", null)), List.of(),
                List.of(new Department("sales", "営業", List.of("201", "777"))), null);
        assertThat(FlowValidator.check(withForeignPhone, HERE)).extracting(FlowProblem::message)
                .containsExactly("department sales names extension 777, which is not one of this tenant's phones");
    }

    @Test
    void nodesRefuseBadFieldsWithMessagesThatNameThem() {
        assertThatThrownBy(() -> new Node.Say("bad id!", say("x"), null)).hasMessageContaining("a node's id");
        assertThatThrownBy(() -> new Node.Menu("m", say("x"), List.of(), 1, 5, null, null, null))
                .hasMessage("node m: a menu has 1 to 12 options");
        assertThatThrownBy(() -> new Node.Menu("m", say("x"), List.of(new Node.Menu.Option("1", List.of(), "a"),
                new Node.Menu.Option("1", List.of(), "b")), 1, 5, null, null, null))
                .hasMessage("node m: the key 1 is used by two options");
        assertThatThrownBy(() -> new Node.Menu.Option("A", List.of(), "a")).hasMessageContaining("0-9, * or #");
        assertThatThrownBy(() -> new Node.Hear("h", say("x"), "Purpose!", 5, "a", null))
                .hasMessageContaining("a value's name");
        assertThatThrownBy(() -> new Node.Message("m", say("x"), 3600, null, null))
                .hasMessage("node m: maxSeconds must be 5 to 300");
        assertThatThrownBy(() -> new Node.Caller("c", null, null, null, "o", List.of("not a number"), List.of()))
                .hasMessage("node c: vipNumbers holds something that is not a phone number (entry 1)");
        assertThatThrownBy(() -> new Node.Transfer("t", null, null, 20, say("x"), null, "a"))
                .hasMessage("node t: needs whom to transfer to");
        assertThatThrownBy(() -> new Prompt("こんにちは", null, "0f8fad5b-d9cb-469f-a165-70867728950e"))
                .hasMessageContaining("either text or a recorded prompt");
        assertThatThrownBy(() -> Prompt.text("bell\u0007")).hasMessageContaining("control characters");
        assertThatThrownBy(() -> Prompt.recorded("../../etc/passwd")).hasMessageContaining("named by its id");
    }
}
