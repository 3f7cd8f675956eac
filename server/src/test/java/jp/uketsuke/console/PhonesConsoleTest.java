package jp.uketsuke.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.uketsuke.phones.StaffPhones;
import jp.uketsuke.telephony.PhoneDirectory;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Staff phones in the console: a tenant administrator adds one and sees its password once; others cannot. */
class PhonesConsoleTest extends RunningServer {

    private static final Pattern PASSWORD = Pattern.compile("id=\"shown-password\">([A-Za-z0-9]+)<");
    private static final Pattern USERNAME = Pattern.compile("id=\"shown-username\">([a-z0-9-]+)<");

    @Autowired
    StaffPhones phones;
    @Autowired
    PhoneDirectory directory;

    private static String first(Pattern pattern, String page) {
        Matcher m = pattern.matcher(page);
        assertThat(m.find()).as(page).isTrue();
        return m.group(1);
    }

    @Test
    void anAdministratorAddsAPhoneSeesItsPasswordOnceRenewsItAndRemovesIt() {
        UUID tenant = newTenant();
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);
        HttpResponse<String> empty = admin.get("/phones");
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(admin.get("/settings").body()).contains("id=\"nav-phones\"");

        HttpResponse<String> created = admin.post("/phones", "/phones", Map.of("extension", "201"));
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        String password = first(PASSWORD, created.body());
        String username = first(USERNAME, created.body());
        assertThat(password).hasSize(24);
        assertThat(directory.find(username)).as("the registrar knows the phone").isPresent();

        HttpResponse<String> listed = admin.get("/phones");
        assertThat(listed.body()).contains(username).doesNotContain(password).doesNotContain("shown-password");

        HttpResponse<String> renewed = admin.post("/phones/201/password", "/phones", Map.of());
        assertThat(renewed.statusCode()).isEqualTo(200);
        assertThat(first(PASSWORD, renewed.body())).isNotEqualTo(password);

        HttpResponse<String> removed = admin.post("/phones/201/delete", "/phones", Map.of());
        assertThat(removed.statusCode()).isEqualTo(302);
        assertThat(admin.get("/phones").body()).doesNotContain(username);
        assertThat(directory.find(username)).isEmpty();
    }

    @Test
    void badExtensionsAreRefusedWithAMessage() {
        UUID tenant = newTenant();
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);
        for (String bad : new String[] {"abc", "1", "12345678901", "<script>"}) {
            HttpResponse<String> refused = admin.post("/phones", "/phones", Map.of("extension", bad));
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(refused.body()).contains("id=\"phone-error\"").doesNotContain("<script>");
        }
        admin.post("/phones", "/phones", Map.of("extension", "201"));
        assertThat(admin.post("/phones", "/phones", Map.of("extension", "201")).statusCode()).isEqualTo(400);
        assertThat(admin.post("/phones", null, Map.of("extension", "202")).statusCode())
                .as("no CSRF token").isEqualTo(403);
    }

    @Test
    void staffWithoutUsersManageAndOtherTenantsAdministratorsAreKeptOut() {
        UUID tenant = newTenant();
        HttpsClient member = signedIn(tenant);
        assertThat(member.get("/phones").statusCode()).isEqualTo(403);
        assertThat(member.get("/settings").body()).doesNotContain("id=\"nav-phones\"");

        HttpsClient stranger = client();
        adminWithMfa(newTenant(), stranger);
        assertThat(stranger.get("/phones?tenant=" + tenant).statusCode()).isEqualTo(404);
        assertThat(stranger.post("/phones?tenant=" + tenant, "/phones", Map.of("extension", "201")).statusCode())
                .isEqualTo(404);
    }
}
