package jp.uketsuke.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.voicebot.FaqEntry;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.FlowEditing;
import jp.uketsuke.voicebot.Node;
import jp.uketsuke.voicebot.Prompt;
import jp.uketsuke.voicebot.StandardFlows;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code POST /api/v1/simulations}: a Japanese caller's turns, as a recogniser would write them, run through a
 * tenant's published flow by the same engine as calls — and every way a request can be wrong.
 */
class SimulationsApiTest extends RunningServer {

    private static final String NUMBER_PREFIX = "050777";

    @Autowired
    FlowEditing flows;
    @Autowired
    JdbcClient jdbc;

    private record Tenant(UUID id, String number, String key) {
    }

    /** A clinic with a Japanese FAQ, its own number, and an API key that may edit (and so simulate) flows. */
    private Tenant clinic() {
        UUID id = newTenant();
        String number = NUMBER_PREFIX + String.format("%04d", Math.floorMod(id.hashCode(), 10000));
        tenants.assignNumber(id, number);
        Viewer admin = new Viewer("test:admin", Set.of(id), Set.of(Permissions.FLOWS_EDIT), null);
        flows.saveDraft(admin, id, StandardFlows.graph(StandardFlows.japanese(List.of(
                new FaqEntry("hours", List.of("診療時間", "何時まで開いていますか"), "診療時間は平日9時から18時までです。", '1'),
                new FaqEntry("parking", List.of("駐車場はありますか"), "医院の裏に駐車場が3台分ございます。", null)))));
        flows.publish(admin, id);
        return new Tenant(id, number, identity.createApiKey(id, Set.of(Permissions.FLOWS_EDIT), null));
    }

    private HttpResponse<String> post(String key, String json) {
        return client().postJson("/api/v1/simulations", json, "Authorization", "Bearer " + key);
    }

    private long callsOf(UUID tenant) {
        return jdbc.sql("select count(*) from calls where tenant_id = ?").param(tenant).query(Long.class).single();
    }

    @Test
    void aJapaneseCallerIsAnsweredFromTheFaqWithTheEntryAndItsScore() {
        Tenant clinic = clinic();
        HttpResponse<String> response = post(clinic.key(), """
                {"number": "%s", "callerNumber": "090-1234-5678",
                 "turns": [{"say": "えーと ちゅうしゃじょうはありますか"}, {"say": "いいえ 大丈夫です"}]}"""
                .formatted(clinic.number()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"flow\":\"v1\"", "医院の裏に駐車場が3台分ございます。",
                "\"entry\":\"parking\"", "\"outcome\":\"FAQ_ANSWERED\"", "\"purpose\":\"えーと ちゅうしゃじょうはありますか\"",
                "\"visited\":[\"greeting\",\"ask\",\"screen\",\"route\",\"faq\",\"more\",\"more-route\",\"goodbye\"]");
        assertThat(response.body()).containsPattern("\"score\":0\\.[0-9]+");
        assertThat(callsOf(clinic.id())).as("a simulation writes no call record").isZero();
        assertThat(jdbc.sql("select count(*) from audit_events where tenant_id = ? and action = 'flow.simulate'")
                .param(clinic.id()).query(Long.class).single()).isEqualTo(1);
    }

    /** F4 through the API: the standard receptionist screens what the caller says before routing it. */
    @Test
    void aJapaneseSalesPitchIsDeclinedAndBlockedWhileACustomerWithASimilarOpeningIsNot() {
        Tenant clinic = clinic();
        HttpResponse<String> pitch = post(clinic.key(), """
                {"number": "%s", "callerNumber": "03-5555-0101",
                 "turns": [{"say": "お忙しいところ恐れ入ります。株式会社ミライエナジーの佐藤と申します。新電力のご案内でお電話いたしました。ご担当者様はいらっしゃいますか"}]}"""
                .formatted(clinic.number()));
        assertThat(pitch.statusCode()).as(pitch.body()).isEqualTo(200);
        assertThat(pitch.body()).contains("\"outcome\":\"BLOCKED\"", "恐れ入りますが、営業のお電話はお断りしております。失礼いたします。",
                "\"visited\":[\"greeting\",\"ask\",\"screen\"]", "[SCREENING sales").doesNotContain("担当者におつなぎします")
                .doesNotContain("5555");

        HttpResponse<String> customer = post(clinic.key(), """
                {"number": "%s", "callerNumber": "03-5555-0102",
                 "turns": [{"say": "先日ご案内いただいた件で、駐車場はありますか"}, {"say": "いいえ 大丈夫です"}]}"""
                .formatted(clinic.number()));
        assertThat(customer.statusCode()).as(customer.body()).isEqualTo(200);
        assertThat(customer.body()).contains("[SCREENING not sales", "医院の裏に駐車場が3台分ございます。")
                .doesNotContain("\"outcome\":\"BLOCKED\"").doesNotContain("営業のお電話はお断り");

        // a customer asking for a person is put through, not taken for a pitch that asks for 「ご担当者様」
        HttpResponse<String> staff = post(clinic.key(), """
                {"number": "%s", "turns": [{"say": "担当の方をお願いします、先日見積もりをいただいた者です"}]}"""
                .formatted(clinic.number()));
        assertThat(staff.body()).contains("[SCREENING not sales").doesNotContain("\"outcome\":\"BLOCKED\"");
        assertThat(callsOf(clinic.id())).isZero();
    }

    @Test
    void anSmsNodeInAJapaneseDraftShowsTheMessageItWouldSendAndSendsNothing() {
        Tenant clinic = clinic();
        Viewer admin = new Viewer("test:admin", Set.of(clinic.id()), Set.of(Permissions.FLOWS_EDIT), null);
        flows.saveDraft(admin, clinic.id(), new Flow("ja-JP", "sms", List.of(
                new Node.Sms("sms", null, "https://www.example.jp/yoyaku", "ご予約はこちら {url}", null, null, "bye", null),
                new Node.Hangup("bye", Prompt.text("失礼いたします。"))), List.of(), List.of(), null));
        HttpResponse<String> response = post(clinic.key(), """
                {"draft": true, "callerNumber": "090-1234-5678", "turns": [{"dtmf": "1"}]}""");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("ホームページのご案内をSMSでお送りします。",
                "[SMS to 090-****-5678 queued (simulation: shown here, not sent): ご予約はこちら https://www.example.jp/yoyaku]",
                "SMSをお送りしました。", "\"sms\":\"queued\"").doesNotContain("09012345678");
        assertThat(jdbc.sql("select count(*) from text_messages where tenant_id = ?").param(clinic.id())
                .query(Long.class).single()).as("nothing queued, nothing sent").isZero();
    }

    @Test
    void keysRunTheDraftOrAVersionAndTheHoursAtAGivenMoment() {
        Tenant clinic = clinic();
        HttpResponse<String> draft = post(clinic.key(), "{\"draft\": true, \"turns\": [{\"dtmf\": \"1\"}]}");
        assertThat(draft.body()).contains("\"flow\":\"draft\"", "診療時間は平日9時から18時までです。");
        HttpResponse<String> version = post(clinic.key(), "{\"version\": 1, \"turns\": [{\"dtmf\": \"2\"},"
                + "{\"say\": \"山田です 折り返しお願いします\"}], \"at\": \"2026-12-24T21:00:00+09:00\"}");
        assertThat(version.body()).contains("\"flow\":\"v1\"", "\"outcome\":\"MESSAGE_TAKEN\"");
        assertThat(post(clinic.key(), "{\"version\": 9, \"turns\": []}").statusCode()).isEqualTo(400);
    }

    @Test
    void withoutFlowsEditAKeyIsForbiddenAndAnotherTenantsNumberIsNotFound() {
        Tenant clinic = clinic();
        Tenant other = clinic();
        String readOnly = identity.createApiKey(clinic.id(), Set.of(Permissions.CALLS_READ), null);
        String turns = "\"turns\": [{\"say\": \"こんにちは\"}]";
        assertThat(post(readOnly, "{\"number\": \"" + clinic.number() + "\", " + turns + "}").statusCode())
                .isEqualTo(403);
        HttpResponse<String> foreign = post(clinic.key(), "{\"number\": \"" + other.number() + "\", " + turns + "}");
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).doesNotContain("診療時間");
        assertThat(client().postJson("/api/v1/simulations", "{" + turns + "}").statusCode()).isEqualTo(401);
    }

    @Test
    void malformedRequestsGetAClearErrorAndChangeNothing() {
        Tenant clinic = clinic();
        String number = "{\"number\": \"" + clinic.number() + "\", ";
        for (String bad : new String[] {"", "not json", "[]", "{\"turns\": [", number + "\"turns\": null}",
                number + "\"turns\": [{\"say\": \"a\", \"dtmf\": \"1\"}]}", number + "\"turns\": [{\"dtmf\": \"A\"}]}",
                number + "\"turns\": [{\"shout\": \"a\"}]}", number + "\"turns\": [null]}",
                number + "\"turns\": [], \"at\": \"yesterday\"}", number + "\"turns\": [], \"turns\": []}",
                "{" + "\"x\":[".repeat(100) + "]".repeat(100) + "}"}) {
            HttpResponse<String> response = post(clinic.key(), bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(response.body()).as(bad).startsWith("{\"error\":").doesNotContain("Exception", "at jp.");
        }
        String tooMany = number + "\"turns\": [" + String.join(",", java.util.Collections.nCopies(101,
                "{\"dtmf\": \"1\"}")) + "]}";
        assertThat(post(clinic.key(), tooMany).body()).contains("1 to 100 turns");
        String longTurn = number + "\"turns\": [{\"say\": \"" + "あ".repeat(1001) + "\"}]}";
        assertThat(post(clinic.key(), longTurn).body()).contains("at most 1000 characters");
        assertThat(callsOf(clinic.id())).isZero();
    }

    @Test
    void megabytesOfInputAreRefusedBeforeTheyAreRead() {
        Tenant clinic = clinic();
        String huge = "{\"number\": \"" + clinic.number() + "\", \"turns\": [{\"say\": \"" + "x".repeat(3_000_000)
                + "\"}]}";
        HttpResponse<String> response = post(clinic.key(), huge);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("larger than 262144 bytes");
    }
}
