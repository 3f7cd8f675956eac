package jp.uketsuke.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The whole application: a message left on a call is summarised once the call closes, and the summary is on the call
 * page and in the API, masked for those without transcripts:unredacted; the LLM setting is its administrators' alone.
 */
class SummaryConsoleTest extends RunningServer {

    private static final String SETTINGS = "/settings/summary";

    @Autowired
    JdbcClient jdbc;

    private static String eventually(Supplier<String> page, String expected) throws InterruptedException {
        String body = "";
        for (int i = 0; i < 100 && !body.contains(expected); i++) {
            body = page.get();
            Thread.sleep(100);
        }
        return body;
    }

    @Test
    void aMessageProducesASummaryWithTheCallbackNumberAndDateOnThePageAndInTheApi() throws Exception {
        UUID tenant = newTenant();
        UUID call = call(tenant, "田中と申します。明日の午後3時に伺いたいので、至急折り返し090-8765-4321にお電話ください。", "ご用件をどうぞ");
        String tomorrow = LocalDate.ofInstant(Instant.now().minusSeconds(60), ZoneId.of("Asia/Tokyo")).plusDays(1).toString();
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);

        String page = eventually(() -> admin.get("/calls/" + call).body(), "id=\"summary-category\"");
        assertThat(page).contains("id=\"summary-category\">折り返し依頼<", ">田中<", ">09087654321<", tomorrow, "15:00",
                ">至急<");

        HttpsClient member = signedIn(tenant);
        // the summary's own section (the transcript below it is masked by the redaction module, not here)
        String memberPage = member.get("/calls/" + call).body();
        String masked = memberPage.substring(memberPage.indexOf("id=\"call-summary\""),
                memberPage.indexOf("</section>", memberPage.indexOf("id=\"call-summary\"")));
        assertThat(masked).contains("id=\"summary-category\"", "（非表示）", "4321", tomorrow)
                .doesNotContain("09087654321").doesNotContain("8765").doesNotContain(">田中<");

        HttpResponse<String> api = client().get("/api/v1/calls/" + call, "Authorization", "Bearer " + apiKey(tenant));
        assertThat(api.body()).contains("\"summary\":{\"category\":\"CALLBACK\"", "\"requestedDate\":\"" + tomorrow + "\"",
                "\"requestedTime\":\"15:00\"", "\"urgency\":\"HIGH\"", "\"method\":\"OFFLINE\"", "\"masked\":true",
                "\"callerName\":null");
        assertThat(api.body().substring(api.body().indexOf("\"summary\":"))).contains("4321").doesNotContain("8765");
        assertThat(jdbc.sql("select count(*) from audit_events where action = 'summary.read' and target = ? and result = 'ok'")
                .param("call:" + call).query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void onlyTheTenantsAdministratorsChangeTheLlmSettingAndEachChangeIsAudited() {
        UUID tenant = newTenant();
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);

        HttpResponse<String> shown = admin.get(SETTINGS);
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(admin.get("/settings").body()).contains("id=\"nav-summary-settings\"");
        assertThat(shown.body()).contains("id=\"summary-llm-off\"")
                .containsPattern("value=\"false\" id=\"summary-redacted\" checked");

        HttpResponse<String> saved = admin.post(SETTINGS, SETTINGS, Map.of("unredacted", "true"));
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(admin.get(SETTINGS + "?tenant=" + tenant).body()).containsPattern("value=\"true\" id=\"summary-unredacted-on\" checked");
        admin.post(SETTINGS, SETTINGS, Map.of("unredacted", "true"));
        assertThat(audited("settings.summary.unredacted.on", tenant)).as("no change, no event").isEqualTo(1);

        for (String bad : new String[] {"yes", "", "TRUE", "<script>", "true\r\nX: y"}) {
            HttpResponse<String> refused = admin.post(SETTINGS, SETTINGS, Map.of("unredacted", bad));
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(refused.body()).contains("id=\"summary-error\"").doesNotContain("<script>");
        }
        assertThat(admin.post(SETTINGS, null, Map.of("unredacted", "false")).statusCode()).as("no CSRF token").isEqualTo(403);

        HttpsClient member = signedIn(tenant);
        assertThat(member.get(SETTINGS).statusCode()).isEqualTo(403);
        assertThat(member.post(SETTINGS, "/calls", Map.of("unredacted", "false")).statusCode()).isEqualTo(403);
        HttpsClient stranger = client();
        adminWithMfa(newTenant(), stranger);
        assertThat(stranger.post(SETTINGS + "?tenant=" + tenant, SETTINGS, Map.of("unredacted", "false")).statusCode())
                .isEqualTo(404);

        assertThat(admin.get(SETTINGS + "?tenant=" + tenant).body()).as("what was stored is untouched")
                .containsPattern("value=\"true\" id=\"summary-unredacted-on\" checked");
        assertThat(audited("settings.summary.unredacted.off", tenant)).isZero();
    }

    private long audited(String action, UUID tenant) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE action = ? AND target = ? AND result = 'ok'")
                .params(action, "tenant:" + tenant).query(Long.class).single();
    }
}
