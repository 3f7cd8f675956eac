package jp.uketsuke.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.telephony.MediaSecurity;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A tenant's media security in the console: its administrator sees and changes it, each change is audited once, and a
 * form that is not one of the choices, lacks the CSRF token or names another tenant stores nothing.
 */
class MediaSecurityConsoleTest extends RunningServer {

    private static final String PAGE = "/settings/media-security";

    @Autowired
    JdbcClient jdbc;

    private long audited(String action, UUID tenant) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE action = ? AND target = ? AND result = 'ok'")
                .params(action, "tenant:" + tenant).query(Long.class).single();
    }

    private static String checked(String page) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("<input[^>]*value=\"([A-Z]+)\"[^>]*checked[^>]*>").matcher(page);
        return m.find() ? m.group(1) : "";
    }

    @Test
    void anAdministratorSeesThePolicyChangesItAndEachChangeIsAuditedOnce() {
        UUID tenant = newTenant();
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);

        HttpResponse<String> shown = admin.get(PAGE);
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(admin.get("/settings").body()).contains("id=\"nav-media-security\"");
        assertThat(shown.body()).contains("通話音声の暗号化", "プラットフォームの既定に従う",
                "現在の既定: 推奨");
        assertThat(checked(shown.body())).as("no policy of its own yet").isEqualTo("DEFAULT");

        HttpResponse<String> saved = admin.post(PAGE, PAGE, Map.of("security", "REQUIRED"));
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(saved.headers().firstValue("Location").orElse("")).endsWith(PAGE + "?tenant=" + tenant + "&saved");
        assertThat(tenants.mediaSecurity(tenant)).contains(MediaSecurity.REQUIRED);
        assertThat(audited("settings.media-security.required", tenant)).isEqualTo(1);
        HttpResponse<String> after = admin.get(PAGE + "?tenant=" + tenant + "&saved");
        assertThat(checked(after.body())).isEqualTo("REQUIRED");
        assertThat(after.body()).contains("id=\"media-saved\"");

        admin.post(PAGE, PAGE, Map.of("security", "REQUIRED"));
        assertThat(audited("settings.media-security.required", tenant)).as("no change, no event").isEqualTo(1);

        admin.post(PAGE, PAGE, Map.of("security", "OFF"));
        assertThat(tenants.mediaSecurity(tenant)).contains(MediaSecurity.OFF);
        assertThat(audited("settings.media-security.off", tenant)).isEqualTo(1);

        admin.post(PAGE, PAGE, Map.of("security", "DEFAULT"));
        assertThat(tenants.mediaSecurity(tenant)).isEmpty();
        assertThat(audited("settings.media-security.default", tenant)).isEqualTo(1);

        assertThat(admin.get(PAGE + "?lang=en").body()).contains("Call audio encryption", "Current default: Preferred");
    }

    @Test
    void hostileFormsAreRefusedAndStoreNothing() {
        UUID tenant = newTenant();
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);
        admin.post(PAGE, PAGE, Map.of("security", "PREFERRED"));
        for (String bad : new String[] {"required", "ALWAYS", "", " REQUIRED", "OFF\r\nX: y", "<script>alert(1)</script>",
                "DEFAULT ", "REQUIRED".repeat(1000)}) {
            HttpResponse<String> refused = admin.post(PAGE, PAGE, Map.of("security", bad));
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(refused.body()).contains("id=\"media-error\"").doesNotContain("<script>alert");
        }
        assertThat(admin.post(PAGE, PAGE, Map.of()).statusCode()).as("no choice at all").isEqualTo(400);
        assertThat(admin.post(PAGE, null, Map.of("security", "OFF")).statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(admin.post(PAGE + "?tenant=not-a-tenant", PAGE, Map.of("security", "OFF")).statusCode())
                .isEqualTo(400);
        assertThat(tenants.mediaSecurity(tenant)).as("what was stored is untouched").isEqualTo(
                Optional.of(MediaSecurity.PREFERRED));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE action LIKE 'settings.media-security.%' "
                + "AND target = ?").param("tenant:" + tenant).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void membersAndOtherTenantsAdministratorsAreKeptOut() {
        UUID tenant = newTenant();
        HttpsClient member = signedIn(tenant);
        assertThat(member.get(PAGE).statusCode()).isEqualTo(403);
        assertThat(member.post(PAGE, "/calls", Map.of("security", "OFF")).statusCode()).isEqualTo(403);
        assertThat(member.get("/settings").body()).doesNotContain("id=\"nav-media-security\"");

        HttpsClient stranger = client();
        adminWithMfa(newTenant(), stranger);
        assertThat(stranger.get(PAGE + "?tenant=" + tenant).statusCode()).isEqualTo(404);
        assertThat(stranger.post(PAGE + "?tenant=" + tenant, PAGE, Map.of("security", "OFF")).statusCode())
                .isEqualTo(404);
        assertThat(tenants.mediaSecurity(tenant)).isEmpty();
    }
}
