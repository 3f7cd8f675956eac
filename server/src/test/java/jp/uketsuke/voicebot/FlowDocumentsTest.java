package jp.uketsuke.voicebot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import jp.uketsuke.hours.BusinessHours;
import org.junit.jupiter.api.Test;

/** The flow document: every node type round-trips, schema 1 is upgraded, and hostile documents are refused clearly. */
class FlowDocumentsTest {

    private static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static Flow everyNodeType() {
        return new Flow("ja-JP", "hours", List.of(
                new Node.Hours("hours", "who", "closed", "holiday"),
                new Node.Caller("who", "anonymous", "vip", null, "menu", List.of("09011112222"), List.of()),
                new Node.Menu("menu", Prompt.text("ご用件の番号を押してください"), List.of(
                        new Node.Menu.Option("1", List.of("予約"), "ask"),
                        new Node.Menu.Option(null, List.of("担当者"), "staff")), 2, 7,
                        new Prompt("Please press a key", "en-US", null), "closed", "closed"),
                new Node.Hear("ask", Prompt.text("ご用件をどうぞ"), "purpose", 7, "screen", "closed"),
                new Node.Screen("screen", Prompt.text("ご用件をどうぞ"), 9, Prompt.text("営業のお電話はお断りしております"),
                        "message", "route"),
                new Node.Branch("route", "purpose", List.of(new Node.Branch.Case(Node.Branch.Test.MENTIONS,
                        List.of("請求"), "staff")), "faq"),
                new Node.Faq("faq", Prompt.text("ご質問をどうぞ"), null, 2, 7, "closed", "message"),
                new Node.Transfer("staff", new TransferTo(TransferTo.Kind.DEPARTMENT, "front"), Node.Transfer.Mode.BLIND,
                        15, Prompt.text("おつなぎします"), null, "message"),
                new Node.Message("message", Prompt.recorded("0f8fad5b-d9cb-469f-a165-70867728950e"), 90, null, "closed"),
                new Node.Say("holiday", Prompt.text("本日は休業日です"), "closed"),
                new Node.Say("vip", Prompt.text("いつもありがとうございます"), "staff"),
                new Node.Say("anonymous", Prompt.text("非通知ではお受けできません"), "closed"),
                new Node.Goto("again", "menu"),
                new Node.Hangup("closed", Prompt.text("失礼いたします"))),
                List.of(new FaqEntry("hours", List.of("営業時間"), "9時から18時までです", '1')),
                List.of(new Department("front", "受付", List.of("201", "202"))), BusinessHours.standard());
    }

    @Test
    void everyNodeTypeSurvivesExportAndImport() {
        Flow flow = everyNodeType();
        byte[] document = FlowDocuments.write(flow);
        assertThat(new String(document, StandardCharsets.UTF_8)).contains("\"schema\" : 2", "\"type\" : \"transfer\"");
        assertThat(FlowDocuments.read(document)).isEqualTo(flow);
    }

    @Test
    void aFirstVersionFlowIsUpgradedToTheReceptionistGraphWithItsOwnSentences() {
        String legacy = """
                {"language":"en-US","greeting":"Hello from Acme.","question":"How can I help?",
                 "notUnderstood":"Sorry?","anythingElse":"Anything else?","messagePrompt":"Leave a message.",
                 "messageThanks":"Thanks.","goodbye":"Bye.","suspended":"Closed.","messageDigit":"2",
                 "messagePhrases":["message"],"closingPhrases":["no"],
                 "faq":[{"id":"hours","phrases":["opening hours"],"answer":"Nine to five.","digit":"1"}],
                 "transfer":{"mode":"BLIND","extension":"201","noAnswerSeconds":15,"digit":"0",
                             "phrases":["operator"],"connectingPrompt":"Connecting.","unavailablePrompt":"Nobody."}}""";
        Flow flow = FlowDocuments.read(utf8(legacy));
        assertThat(flow.schema()).isEqualTo(Flow.SCHEMA);
        assertThat(flow.nodesById()).containsKeys("greeting", "ask", "route", "faq", "more", "message", "transfer",
                "goodbye");
        assertThat(flow.nodesById().get("greeting")).isEqualTo(new Node.Say("greeting", Prompt.text("Hello from Acme."),
                "ask"));
        assertThat(flow.nodesById().get("transfer")).isInstanceOfSatisfying(Node.Transfer.class, t -> {
            assertThat(t.mode()).isEqualTo(Node.Transfer.Mode.BLIND);
            assertThat(t.to()).isEqualTo(TransferTo.extension("201"));
        });
        assertThat(flow.faq()).extracting(FaqEntry::id).containsExactly("hours");
    }

    @Test
    void malformedDocumentsAreRefusedWithAClearMessage() {
        assertThatThrownBy(() -> FlowDocuments.read(new byte[0])).hasMessage("the flow document is empty");
        assertThatThrownBy(() -> FlowDocuments.read(utf8("{\"schema\": 2, \"nodes\": [")))
                .isInstanceOf(FlowDocuments.InvalidFlowDocument.class).hasMessageStartingWith("the flow document is not valid JSON");
        assertThatThrownBy(() -> FlowDocuments.read(utf8("[1,2,3]"))).hasMessage("a flow document is a JSON object");
        assertThatThrownBy(() -> FlowDocuments.read(utf8("{\"schema\": 99}"))).hasMessageContaining("unknown flow schema 99");
        assertThatThrownBy(() -> FlowDocuments.read(utf8("{\"schema\":2,\"language\":\"ja-JP\",\"nodes\":[{\"type\":"
                + "\"hangup\",\"id\":\"bye\"}],\"colour\":\"red\"}"))).hasMessageContaining("unknown field 'colour'");
        assertThatThrownBy(() -> FlowDocuments.read(utf8("{\"schema\":2,\"language\":\"ja-JP\",\"nodes\":[{\"type\":"
                + "\"teleport\",\"id\":\"x\"}]}"))).hasMessageContaining("not a valid flow");
        assertThatThrownBy(() -> FlowDocuments.read(utf8("{\"schema\":2,\"language\":\"ja-JP\",\"nodes\":[{\"type\":"
                + "\"say\",\"id\":\"x\",\"prompt\":{\"text\":\"a\"},\"next\":\"../../etc\"}]}")))
                .hasMessageContaining("next must name a node");
        String screen = "{\"schema\":2,\"language\":\"ja-JP\",\"nodes\":[{\"type\":\"screen\",\"id\":\"s\","
                + "\"prompt\":{\"text\":\"ご用件は\"}%s}]}";
        assertThatThrownBy(() -> FlowDocuments.read(utf8(screen.formatted("")))).hasMessageContaining("node s: needs next");
        assertThatThrownBy(() -> FlowDocuments.read(utf8(screen.formatted(",\"next\":\"s\",\"timeoutSeconds\":0"))))
                .hasMessageContaining("timeoutSeconds must be 1 to 30");
        assertThatThrownBy(() -> FlowDocuments.read(utf8(screen.formatted(",\"next\":\"s\",\"voicemail\":\"a b\""))))
                .hasMessageContaining("voicemail must name a node");
        assertThatThrownBy(() -> FlowDocuments.read(utf8(screen.formatted(",\"next\":\"s\",\"threshold\":0.1"))))
                .hasMessageContaining("unknown field 'threshold'");
        assertThatThrownBy(() -> FlowDocuments.read(utf8("{\"schema\":2,\"language\":\"ja-JP\",\"nodes\":[null]}")))
                .hasMessageContaining("the node list has an empty entry (number 1)");
    }

    @Test
    void aKeyGivenTwiceIsRefusedRatherThanSilentlyKeepingTheLast() {
        assertThatThrownBy(() -> FlowDocuments.read(utf8("{\"schema\":2,\"language\":\"ja-JP\",\"start\":\"a\","
                + "\"start\":\"b\",\"nodes\":[{\"type\":\"hangup\",\"id\":\"a\"}]}")))
                .hasMessageContaining("Duplicate");
    }

    @Test
    void hugeAndDeeplyNestedDocumentsAreRefusedBeforeTheyAreBound() {
        byte[] huge = new byte[FlowDocuments.MAX_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertThatThrownBy(() -> FlowDocuments.read(huge)).hasMessageContaining("at most " + FlowDocuments.MAX_BYTES);
        String deep = "{\"schema\":2,\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThatThrownBy(() -> FlowDocuments.read(utf8(deep))).isInstanceOf(FlowDocuments.InvalidFlowDocument.class)
                .hasMessageContaining("not valid JSON");
        String manyNodes = "{\"schema\":2,\"language\":\"ja-JP\",\"nodes\":["
                + "{\"type\":\"hangup\",\"id\":\"n%d\"},".repeat(1).formatted(0)
                + java.util.stream.IntStream.range(1, 300).mapToObj(i -> "{\"type\":\"hangup\",\"id\":\"n" + i + "\"}")
                        .collect(java.util.stream.Collectors.joining(",")) + "]}";
        assertThatThrownBy(() -> FlowDocuments.read(utf8(manyNodes))).hasMessageContaining("1 to 200 nodes");
    }

    @Test
    void anFaqOfThousandsOfEntriesIsRefused() {
        String entries = java.util.stream.IntStream.range(0, 2500)
                .mapToObj(i -> "{\"id\":\"e" + i + "\",\"phrases\":[\"question " + i + "\"],\"answer\":\"answer\"}")
                .collect(java.util.stream.Collectors.joining(","));
        String document = "{\"schema\":2,\"language\":\"en-US\",\"nodes\":[{\"type\":\"hangup\",\"id\":\"bye\"}],"
                + "\"faq\":[" + entries + "]}";
        assertThatThrownBy(() -> FlowDocuments.read(utf8(document)))
                .hasMessageContaining("an FAQ has at most 2000 entries, this one 2500");
    }
}
