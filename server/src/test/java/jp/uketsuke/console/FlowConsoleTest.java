package jp.uketsuke.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import jp.uketsuke.identity.Role;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The call-flow pages over HTTPS: an administrator edits nodes, the FAQ and the hours, publishes, compares and rolls
 * back, and simulates; forged, oversized and malformed input is refused with a message and stores nothing; those
 * without flows:edit on the tenant are kept out.
 */
class FlowConsoleTest extends RunningServer {

    @Autowired
    JdbcClient jdbc;

    private static String draft(HttpsClient admin, UUID tenant) {
        HttpResponse<byte[]> export = admin.getBytes("/flow/export?tenant=" + tenant);
        assertThat(export.statusCode()).isEqualTo(200);
        return new String(export.body(), StandardCharsets.UTF_8);
    }

    private long saves(UUID tenant) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'flow.draft.save' AND tenant_id = ?")
                .param(tenant).query(Long.class).single();
    }

    /**
     * A tenant whose standard flow is in English: espeak-ng speaks English everywhere, while Japanese synthesis needs
     * the Open JTalk voice, which a test machine may lack (validation would refuse every Japanese prompt). The console
     * itself is in Japanese either way.
     */
    private UUID flowTenant() {
        return tenants.create(unique("Tenant "), "en");
    }

    private HttpsClient admin(UUID tenant) {
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);
        return admin;
    }

    @Test
    void anAdministratorEditsANodeSeesTheDiagramAndPublishes() {
        UUID tenant = flowTenant();
        HttpsClient admin = admin(tenant);

        HttpResponse<String> page = admin.get("/flow");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(admin.get("/settings").body()).contains("id=\"nav-flow\"");
        assertThat(page.body()).contains("通話フロー", "<svg", "id=\"flow-diagram\"",
                "data-node=\"greeting\"", "id=\"node-greeting-prompt\"", "data-from=\"faq\"");
        assertThat(page.body()).doesNotContain("<script");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'");

        HttpResponse<String> saved = admin.post("/flow/nodes/greeting", "/flow",
                Map.of("f.prompt", "Thank you for calling Test Shop.", "f.next", "ask"));
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(saved.headers().firstValue("Location").orElse("")).contains("/flow?tenant=" + tenant + "&saved");
        assertThat(draft(admin, tenant)).contains("Thank you for calling Test Shop.");

        HttpResponse<String> added = admin.post("/flow/nodes", "/flow",
                Map.of("type", "menu", "id", "choose", "target", "goodbye"));
        assertThat(added.statusCode()).isEqualTo(302);
        HttpResponse<String> withMenu = admin.get("/flow");
        assertThat(withMenu.body()).contains("id=\"node-choose\"", "cannot be reached from the start")
                .contains("id=\"flow-problems\"");
        HttpResponse<String> refused = admin.post("/flow/publish", "/flow", Map.of());
        assertThat(refused.statusCode()).as("an unreachable node stops publishing").isEqualTo(400);
        assertThat(refused.body()).contains("id=\"flow-error\"", "cannot be reached from the start");
        assertThat(admin.get("/flow/versions").body()).doesNotContain("id=\"version-1\"");

        assertThat(admin.post("/flow/nodes/choose/delete", "/flow", Map.of()).statusCode()).isEqualTo(302);
        HttpResponse<String> published = admin.post("/flow/publish", "/flow", Map.of());
        assertThat(published.statusCode()).isEqualTo(302);
        assertThat(published.headers().firstValue("Location").orElse("")).contains("published=1");
        HttpResponse<String> versions = admin.get("/flow/versions?left=1&right=draft");
        assertThat(versions.body()).contains("id=\"version-1\"", "通話に使われているのはバージョン 1 です");

        admin.post("/flow/nodes/goodbye", "/flow", Map.of("f.prompt", "We look forward to your next call."));
        HttpResponse<String> compared = admin.get("/flow/versions?tenant=" + tenant + "&left=1&right=draft");
        assertThat(compared.body()).contains("id=\"comparison\"", "We look forward to your next call.")
                .contains("data-row=\"goodbye\" class=\"changed\"", "data-row=\"_faq\"")
                .doesNotContain("data-row=\"greeting\" class=\"changed\"");
        assertThat(admin.get("/flow?lang=en").body()).contains("Call flow", "Diagram", "Edit as JSON");
    }

    @Test
    void formsNamingNodesThatDoNotExistAndFormsWithoutTheCsrfTokenStoreNothing() {
        UUID tenant = flowTenant();
        HttpsClient admin = admin(tenant);
        String before = draft(admin, tenant);
        long savesBefore = saves(tenant);

        HttpResponse<String> ghostTarget = admin.post("/flow/nodes/greeting", "/flow",
                Map.of("f.prompt", "こんにちは", "f.next", "no-such-node"));
        assertThat(ghostTarget.statusCode()).isEqualTo(400);
        assertThat(ghostTarget.body()).contains("id=\"flow-error\"", "names a node that does not exist");
        assertThat(admin.post("/flow/nodes/no-such-node", "/flow", Map.of("f.prompt", "x")).statusCode())
                .isEqualTo(404);
        assertThat(admin.post("/flow/nodes/no-such-node/delete", "/flow", Map.of()).statusCode()).isEqualTo(404);
        assertThat(admin.post("/flow/start", "/flow", Map.of("start", "no-such-node")).statusCode()).isEqualTo(400);
        assertThat(admin.post("/flow/nodes", "/flow", Map.of("type", "say", "id", "greeting", "target", "ask"))
                .statusCode()).as("an id taken already").isEqualTo(400);
        assertThat(admin.post("/flow/nodes", "/flow", Map.of("type", "<script>", "id", "x", "target", "ask"))
                .statusCode()).isEqualTo(400);
        HttpResponse<String> badOption = admin.post("/flow/nodes/ask", "/flow",
                Map.of("f.prompt", "ご用件をどうぞ", "f.timeoutSeconds", "9999999999", "f.next", "route"));
        assertThat(badOption.statusCode()).isEqualTo(400);
        HttpResponse<String> hostilePrompt = admin.post("/flow/nodes/greeting", "/flow",
                Map.of("f.prompt", "<script>alert(1)</script>\u0000", "f.next", "ask"));
        assertThat(hostilePrompt.statusCode()).isEqualTo(400);
        assertThat(hostilePrompt.body()).doesNotContain("<script>alert");

        assertThat(admin.post("/flow/nodes/greeting", null, Map.of("f.prompt", "CSRF", "f.next", "ask"))
                .statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(admin.post("/flow/publish", null, Map.of()).statusCode()).isEqualTo(403);
        assertThat(admin.post("/flow/faq", null, Map.of("id", "x", "phrases", "x", "answer", "x")).statusCode())
                .isEqualTo(403);
        assertThat(admin.post("/flow/simulator", null, Map.of("turns", "x")).statusCode()).isEqualTo(403);

        assertThat(draft(admin, tenant)).isEqualTo(before);
        assertThat(saves(tenant)).isEqualTo(savesBefore);
    }

    @Test
    void malformedHugeAndDeeplyNestedImportsAreRefusedWithAMessageAndStoreNothing() {
        UUID tenant = flowTenant();
        HttpsClient admin = admin(tenant);
        String before = draft(admin, tenant);

        HttpResponse<String> notJson = admin.postMultipart("/flow/import", "/flow", Map.of(), "file",
                "{\"schema\": 2, \"nodes\": [".getBytes(StandardCharsets.UTF_8));
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("id=\"flow-error-detail\"", "not valid JSON");

        String nested = "[".repeat(100_000) + "]".repeat(100_000);
        HttpResponse<String> deep = admin.postMultipart("/flow/import", "/flow", Map.of(), "file",
                ("{\"schema\":2,\"language\":\"ja-JP\",\"nodes\":" + nested + "}").getBytes(StandardCharsets.UTF_8));
        assertThat(deep.statusCode()).isEqualTo(400);
        assertThat(deep.body()).contains("id=\"flow-error-detail\"").containsIgnoringCase("nesting");

        byte[] huge = ("{\"schema\":2,\"language\":\"ja-JP\",\"x\":\"" + "a".repeat(3_000_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> tooLarge = admin.postMultipart("/flow/import", "/flow", Map.of(), "file", huge);
        assertThat(tooLarge.statusCode()).isEqualTo(400);
        assertThat(tooLarge.body()).contains("2 MB");

        HttpResponse<String> notAFlow = admin.postMultipart("/flow/json", "/flow",
                Map.of("document", "{\"schema\":2,\"language\":\"ja-JP\",\"nodes\":[{\"type\":\"say\",\"id\":\"a\"}]}"),
                null, null);
        assertThat(notAFlow.statusCode()).isEqualTo(400);
        assertThat(notAFlow.body()).contains("needs its prompt");
        assertThat(admin.postMultipart("/flow/import", "/flow", Map.of(), "file", null).statusCode()).isEqualTo(400);
        assertThat(admin.postMultipart("/flow/import", null, Map.of(), "file", "{}".getBytes()).statusCode())
                .as("no CSRF token").isEqualTo(403);

        assertThat(draft(admin, tenant)).isEqualTo(before);

        String exported = before.replace("\"greeting\"", "\"hello\"");
        HttpResponse<String> imported = admin.postMultipart("/flow/import", "/flow", Map.of(), "file",
                exported.getBytes(StandardCharsets.UTF_8));
        assertThat(imported.statusCode()).isEqualTo(302);
        assertThat(draft(admin, tenant)).contains("\"hello\"").doesNotContain("\"greeting\"");
    }

    @Test
    void theFaqAndHoursPagesSaveIntoTheDraftAndTheSimulatorAnswersFromIt() {
        UUID tenant = flowTenant();
        HttpsClient admin = admin(tenant);

        HttpResponse<String> added = admin.post("/flow/faq", "/flow/faq", Map.of("id", "parking",
                "phrases", "do you have parking\nparking", "answer", "There is parking for ten cars behind the building.", "key", ""));
        assertThat(added.statusCode()).isEqualTo(302);
        assertThat(admin.get("/flow/faq").body()).contains("id=\"faq-parking\"", "parking for ten cars");
        assertThat(admin.post("/flow/faq", "/flow/faq", Map.of("id", "parking", "phrases", "x", "answer", "y"))
                .statusCode()).as("duplicate id").isEqualTo(400);
        assertThat(admin.post("/flow/faq", "/flow/faq", Map.of("id", "empty", "phrases", "", "answer", "y"))
                .statusCode()).isEqualTo(400);
        assertThat(admin.post("/flow/faq/ghost", "/flow/faq", Map.of("phrases", "x", "answer", "y")).statusCode())
                .isEqualTo(404);

        HttpResponse<String> simulated = admin.post("/flow/simulator", "/flow/simulator", Map.of("source", "draft",
                "turns", "do you have parking", "caller", "090-1234-5678", "staff", "true", "at", "2026-12-08T10:00"));
        assertThat(simulated.statusCode()).isEqualTo(200);
        assertThat(simulated.body()).contains("id=\"sim-result\"", "There is parking for ten cars behind the building.", "FAQ_ANSWERED")
                .containsPattern("<code>parking</code> \\(<span>[01]\\.[0-9]{2}</span>\\)")
                .contains("data-name=\"purpose\"");

        HttpResponse<String> hours = admin.post("/flow/hours", "/flow/hours", Map.of(
                "day.MONDAY", "09:00-12:00, 13:00-18:00", "day.SATURDAY", "10:00-15:00", "holidays", "true",
                "periods", "12-29..01-03 年末年始\n08-13..08-16 お盆", "special", "2026-12-26 10:00-12:00 短縮営業"));
        assertThat(hours.statusCode()).isEqualTo(302);
        HttpResponse<String> shown = admin.get("/flow/hours");
        assertThat(shown.body()).contains("value=\"09:00-12:00, 13:00-18:00\"", "08-13..08-16 お盆",
                "2026-12-26 10:00-12:00 短縮営業", "id=\"hours-status\"", "id=\"hours-upcoming\"");
        assertThat(shown.body().split("<tr><td>", -1)).as("ten holidays to come").hasSize(11);
        HttpResponse<String> badHours = admin.post("/flow/hours", "/flow/hours",
                Map.of("day.MONDAY", "18:00-09:00", "holidays", "true"));
        assertThat(badHours.statusCode()).isEqualTo(400);
        assertThat(badHours.body()).contains("id=\"hours-error\"");
        assertThat(draft(admin, tenant)).contains("13:00-18:00").contains("お盆");

        HttpResponse<String> closedSaturday = admin.post("/flow/simulator", "/flow/simulator", Map.of(
                "source", "draft", "turns", "1\n駐車場", "withheld", "true", "at", "not a time"));
        assertThat(closedSaturday.statusCode()).isEqualTo(400);
        assertThat(closedSaturday.body()).contains("id=\"sim-error\"");
    }

    @Test
    void oversizedSimulatorInputIsRefusedWithAMessage() {
        UUID tenant = flowTenant();
        HttpsClient admin = admin(tenant);
        String token = admin.csrfToken("/flow/simulator");

        HttpResponse<String> megabyte = admin.postWithToken("/flow/simulator", token,
                Map.of("source", "draft", "turns", "hello\n".repeat(200_000)));
        assertThat(megabyte.statusCode()).isEqualTo(400);
        assertThat(megabyte.body()).contains("id=\"sim-error\"", "100行まで").doesNotContain("hello\nhello");

        // beyond the servlet container's form limit (2 MB encoded) the request is refused before any handler
        HttpResponse<String> megabytes = admin.postWithToken("/flow/simulator", token,
                Map.of("source", "draft", "turns", "あ".repeat(1_000_000)));
        assertThat(megabytes.statusCode()).isEqualTo(413);
        assertThat(megabytes.body()).doesNotContain("あああああああああ");

        HttpResponse<String> manyTurns = admin.postWithToken("/flow/simulator", token,
                Map.of("source", "draft", "turns", "1\n".repeat(101)));
        assertThat(manyTurns.statusCode()).isEqualTo(400);
        assertThat(manyTurns.body()).contains("100行まで");

        HttpResponse<String> longTurn = admin.postWithToken("/flow/simulator", token,
                Map.of("source", "draft", "turns", "a".repeat(1001)));
        assertThat(longTurn.statusCode()).isEqualTo(400);
        assertThat(longTurn.body()).contains("1000文字まで");

        assertThat(admin.postWithToken("/flow/simulator", token, Map.of("source", "99", "turns", "1"))
                .statusCode()).isEqualTo(400);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'flow.simulate' AND result = 'ok' "
                + "AND tenant_id = ?")
                .param(tenant).query(Long.class).single()).as("refused input runs nothing").isZero();
    }

    @Test
    void usersWithoutFlowsEditAndOtherTenantsAdministratorsAreKeptOut() {
        UUID tenant = flowTenant();
        HttpsClient owner = admin(tenant);
        String before = draft(owner, tenant);

        HttpsClient member = signedIn(tenant);
        for (String page : new String[] {"/flow", "/flow/faq", "/flow/hours", "/flow/versions", "/flow/simulator",
                "/flow/export"}) {
            assertThat(member.get(page).statusCode()).as(page).isEqualTo(403);
        }
        String token = member.csrfToken("/calls");
        assertThat(member.postWithToken("/flow/nodes/greeting", token, Map.of("f.prompt", "x", "f.next", "ask"))
                .statusCode()).isEqualTo(403);
        assertThat(member.postWithToken("/flow/publish", token, Map.of()).statusCode()).isEqualTo(403);
        assertThat(member.get("/settings").body()).doesNotContain("id=\"nav-flow\"");

        HttpsClient stranger = admin(newTenant());
        assertThat(stranger.get("/flow?tenant=" + tenant).statusCode()).isEqualTo(404);
        assertThat(stranger.post("/flow/nodes/greeting?tenant=" + tenant, "/flow",
                Map.of("f.prompt", "x", "f.next", "ask")).statusCode()).isEqualTo(404);
        assertThat(stranger.post("/flow/publish?tenant=" + tenant, "/flow", Map.of()).statusCode()).isEqualTo(404);

        HttpsClient supervisor = client();
        userWithMfa(null, Role.SUPERVISOR, supervisor);
        assertThat(supervisor.get("/flow").statusCode()).as("assigned to no tenant").isEqualTo(404);

        assertThat(draft(owner, tenant)).isEqualTo(before);
        assertThat(owner.get("/flow/versions").body()).doesNotContain("id=\"version-1\"");
    }
}
