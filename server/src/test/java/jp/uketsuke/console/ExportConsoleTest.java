package jp.uketsuke.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Export control (S9) in the console and the API: a direct download stamped with who and when; with four-eyes on, a
 * request that a second administrator approves and the requester downloads once; every wrong step refused clearly.
 */
class ExportConsoleTest extends RunningServer {

    private static final String SAID = "来週の予約を変更したいです";
    private static final String FILE_NAME = "attachment; filename=\"uketsuke-calls-\\d{4}-\\d{2}-\\d{2}_\\d{4}-\\d{2}-\\d{2}"
            + "-by-%s-\\d{8}T\\d{4}\\.csv\"";

    @Autowired
    JdbcClient jdbc;

    private UUID tenant;
    private HttpsClient tanaka;
    private HttpsClient suzuki;
    private MfaLogin tanakaLogin;
    private MfaLogin suzukiLogin;

    @BeforeEach
    void twoAdministratorsOfOneTenant() {
        tenant = newTenant();
        call(tenant, SAID, "お電話ありがとうございます");
        tanaka = client();
        tanakaLogin = adminWithMfa(tenant, tanaka);
        suzuki = client();
        suzukiLogin = adminWithMfa(tenant, suzuki);
    }

    @Test
    void aDirectDownloadSaysWhoTookItOutAndWhenInItsNameAndOnEveryLine() {
        HttpResponse<byte[]> csv = tanaka.getBytes("/calls/export.csv?tenant=" + tenant);

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValueSatisfying(d ->
                assertThat(d).matches(FILE_NAME.formatted(tanakaLogin.username())));
        String text = new String(csv.body(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF\"started_at_jst\"").contains("\"exported_by\",\"exported_at_jst\"\r\n")
                .contains(SAID).contains("\"user:" + tanakaLogin.username() + "\",\"" + LocalDate.now(ZoneId.of("Asia/Tokyo")));
        String page = tanaka.get("/calls/export?tenant=" + tenant).body();
        assertThat(page).contains("id=\"export-direct\"").doesNotContain("id=\"export-request\"")
                .contains("id=\"export-no-recordings\"");
    }

    @Test
    void withFourEyesOnASecondAdministratorApprovesAndTheRequesterDownloadsOnce() {
        fourEyes("true");
        String apiKey = identity.createApiKey(tenant, Set.of(Permissions.CALLS_EXPORT), null);

        HttpResponse<String> direct = tanaka.get("/calls/export.csv?tenant=" + tenant);
        assertThat(direct.statusCode()).isEqualTo(403);
        assertThat(direct.body()).contains("id=\"export-error\"").contains("承認が必要").doesNotContain(SAID);
        HttpResponse<String> api = client().get("/api/v1/calls/export.csv", "Authorization", "Bearer " + apiKey);
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(api.body()).isEqualTo("{\"error\":\"four_eyes_approval_required\"}");

        UUID request = ask(tanaka, "月次の報告のため");
        assertThat(tanaka.getBytes(download(request)).statusCode()).isEqualTo(409);
        HttpResponse<String> own = tanaka.post(step(request, "approve"), "/calls/export", Map.of());
        assertThat(own.statusCode()).isEqualTo(403);
        assertThat(own.body()).contains("自分の依頼は承認");

        String awaiting = suzuki.get("/calls/export?tenant=" + tenant).body();
        assertThat(awaiting).contains("data-request=\"" + request + "\"").contains("月次の報告のため");
        assertThat(suzuki.post(step(request, "approve"), "/calls/export", Map.of()).statusCode()).isEqualTo(302);
        assertThat(suzuki.post(step(request, "approve"), "/calls/export", Map.of()).statusCode()).isEqualTo(409);
        assertThat(suzuki.post(step(request, "reject"), "/calls/export", Map.of()).statusCode()).isEqualTo(409);
        assertThat(suzuki.getBytes(download(request)).statusCode()).isEqualTo(403);

        assertThat(tanaka.get("/calls/export?tenant=" + tenant).body()).contains("class=\"export-download-link\"");
        HttpResponse<byte[]> csv = tanaka.getBytes(download(request));
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValueSatisfying(d ->
                assertThat(d).matches(FILE_NAME.formatted(tanakaLogin.username())));
        assertThat(new String(csv.body(), StandardCharsets.UTF_8)).contains(SAID)
                .contains("\"user:" + tanakaLogin.username() + "\"");
        HttpResponse<byte[]> again = tanaka.getBytes(download(request));
        assertThat(again.statusCode()).isEqualTo(410);
        assertThat(new String(again.body(), StandardCharsets.UTF_8)).contains("すでにダウンロード").doesNotContain(SAID);

        assertThat(jdbc.sql("select action || ' ' || result || ' ' || actor from audit_events where tenant_id = ?"
                        + " and action in ('export.request', 'export.approve', 'export.download') order by seq")
                .param(tenant).query(String.class).list()).containsExactly(
                "export.request ok user:" + tanakaLogin.username(),
                "export.download denied user:" + tanakaLogin.username(),
                "export.approve denied user:" + tanakaLogin.username(),
                "export.approve ok user:" + suzukiLogin.username(),
                "export.approve denied user:" + suzukiLogin.username(),
                "export.download denied user:" + suzukiLogin.username(),
                "export.download ok user:" + tanakaLogin.username(),
                "export.download denied user:" + tanakaLogin.username());
    }

    @Test
    void badRequestsAreRefusedAndAnotherTenantsRequestIsNotFound() {
        fourEyes("true");
        UUID request = ask(tanaka, "監査対応");
        UUID other = newTenant();
        HttpsClient stranger = client();
        adminWithMfa(other, stranger);

        assertThat(stranger.post(step(request, "approve"), "/calls/export", Map.of()).statusCode()).isEqualTo(404);
        assertThat(stranger.post(step(request, "reject"), "/calls/export", Map.of()).statusCode()).isEqualTo(404);
        assertThat(stranger.getBytes(download(request)).statusCode()).isEqualTo(404);
        assertThat(suzuki.post("/calls/export/requests/not-an-id/approve", "/calls/export", Map.of()).statusCode()).isEqualTo(404);
        assertThat(suzuki.post(step(UUID.randomUUID(), "approve"), "/calls/export", Map.of()).statusCode()).isEqualTo(404);
        // without the form's CSRF token nothing is decided
        assertThat(suzuki.postWithToken(step(request, "approve"), null, Map.of()).statusCode()).isEqualTo(403);
        assertThat(suzuki.postWithToken(step(request, "approve"), "forged", Map.of()).statusCode()).isEqualTo(403);

        String today = LocalDate.now(ZoneId.of("Asia/Tokyo")).toString();
        for (Map<String, String> bad : java.util.List.of(
                Map.of("from", today, "to", "2020-01-01", "reason", "逆の期間"),
                Map.of("from", "2020-01-01", "to", today, "reason", "長すぎる期間"),
                Map.of("from", "not-a-day", "to", today, "reason", "読めない日付"),
                Map.of("from", today, "to", today, "reason", " "),
                Map.of("from", today, "to", today, "reason", "x".repeat(501)))) {
            Map<String, String> form = new java.util.HashMap<>(bad);
            form.put("tenant", tenant.toString());
            HttpResponse<String> refused = tanaka.post("/calls/export/requests", "/calls/export", form);
            assertThat(refused.statusCode()).as(bad.toString()).isEqualTo(400);
            assertThat(refused.body()).as(bad.toString()).contains("id=\"export-error\"");
        }
        assertThat(stranger.post("/calls/export/requests", "/calls/export",
                Map.of("tenant", tenant.toString(), "reason", "よその依頼")).statusCode()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from export_requests where tenant_id = ?").param(tenant)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(suzuki.post(step(request, "reject"), "/calls/export", Map.of()).statusCode()).isEqualTo(302);
        assertThat(tanaka.getBytes(download(request)).statusCode()).isEqualTo(409);
    }

    @Test
    void theSettingIsForSettingsManagersAndSaysRecordingsAreNeverExported() {
        HttpResponse<String> page = tanaka.get("/settings/exports?tenant=" + tenant);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"four-eyes-off\"").contains("id=\"exports-no-recordings\"")
                .contains("録音はまとめて取り出すことはできません");
        assertThat(tanaka.post("/settings/exports?tenant=" + tenant, "/settings/exports", Map.of("fourEyes", "maybe"))
                .statusCode()).isEqualTo(400);
        assertThat(signedIn(tenant).get("/settings/exports").statusCode()).isEqualTo(403);
        fourEyes("true");
        assertThat(tanaka.get("/calls/export?tenant=" + tenant).body()).contains("id=\"export-request\"")
                .doesNotContain("id=\"export-direct\"");
        assertThat(jdbc.sql("select count(*) from audit_events where tenant_id = ? and action = 'settings.export-four-eyes.on'")
                .param(tenant).query(Long.class).single()).isEqualTo(1);
    }

    private void fourEyes(String on) {
        assertThat(tanaka.post("/settings/exports?tenant=" + tenant, "/settings/exports", Map.of("fourEyes", on))
                .statusCode()).isEqualTo(302);
    }

    private UUID ask(HttpsClient requester, String reason) {
        String today = LocalDate.now(ZoneId.of("Asia/Tokyo")).toString();
        HttpResponse<String> asked = requester.post("/calls/export/requests", "/calls/export",
                Map.of("tenant", tenant.toString(), "from", LocalDate.parse(today).minusDays(6).toString(), "to", today,
                        "reason", reason));
        assertThat(asked.statusCode()).isEqualTo(302);
        return jdbc.sql("select id from export_requests where tenant_id = ? order by requested_at desc").param(tenant)
                .query(UUID.class).list().getFirst();
    }

    private static String step(UUID request, String step) {
        return "/calls/export/requests/" + request + "/" + step;
    }

    private static String download(UUID request) {
        return "/calls/export/requests/" + request + "/download.csv";
    }
}
