package jp.uketsuke.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class ConsoleLoginTest extends RunningServer {

    @Autowired
    JdbcClient jdbc;

    @Test
    void wrongPasswordAndUnknownUserGetTheSameRejection() {
        UUID tenant = newTenant();
        Login login = userWithPassword(tenant);

        HttpsClient c = client();
        HttpResponse<String> wrongPassword = c.tryLogin(login.username(), "not the password at all");
        HttpResponse<String> unknownUser = c.tryLogin(unique("nobody"), "not the password at all");

        assertThat(wrongPassword.statusCode()).isEqualTo(302);
        assertThat(wrongPassword.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        assertThat(unknownUser.headers().firstValue("Location")).isEqualTo(wrongPassword.headers().firstValue("Location"));
        HttpResponse<String> page = c.get("/login?error");
        assertThat(page.body()).contains("ユーザー名またはパスワードが正しくありません");
        assertThat(c.get("/calls").statusCode()).isEqualTo(302);
    }

    @Test
    void repeatedWrongPasswordsLockTheAccountEvenForTheRightPassword() {
        UUID tenant = newTenant();
        Login login = userWithPassword(tenant);
        HttpsClient c = client();
        for (int i = 0; i < 10; i++) {
            c.tryLogin(login.username(), "guess number " + i);
        }

        assertThat(c.tryLogin(login.username(), login.password()).headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
    }

    @Test
    void loginWithoutCsrfTokenIsForbidden() {
        UUID tenant = newTenant();
        Login login = userWithPassword(tenant);
        HttpsClient c = client();
        c.get("/login");

        HttpResponse<String> response = c.post("/login", null, Map.of("username", login.username(), "password", login.password()));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(c.get("/calls").statusCode()).isEqualTo(302);
    }

    @Test
    void postWithoutCsrfTokenIsForbiddenWhenSignedIn() {
        HttpsClient c = signedIn(newTenant());

        HttpResponse<String> response = c.post("/password", null,
                Map.of("currentPassword", "x", "newPassword", "y", "confirmPassword", "y"));

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void oneTimePasswordMustBeChangedBeforeAnythingElse() {
        UUID tenant = newTenant();
        String username = unique("member");
        String oneTime = identity.createTenantUser(tenant, username, Role.TENANT_MEMBER);
        HttpsClient c = client();

        HttpResponse<String> login = c.tryLogin(username, oneTime);
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/password"));
        assertThat(c.get("/calls").headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/password"));
        assertThat(c.get("/calls/" + UUID.randomUUID()).headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/password"));

        HttpResponse<String> tooShort = c.changePassword(oneTime, "short-one");
        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(tooShort.body()).contains("12文字以上");
        HttpResponse<String> common = c.changePassword(oneTime, "password1234");
        assertThat(common.statusCode()).isEqualTo(400);
        assertThat(c.get("/calls").statusCode()).isEqualTo(302);

        String sessionBefore = c.cookie("__Host-uketsuke");
        HttpResponse<String> changed = c.changePassword(oneTime, "a much better passphrase 7");
        assertThat(changed.statusCode()).isEqualTo(302);
        assertThat(changed.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).isEqualTo(base() + "/"));
        assertThat(c.cookie("__Host-uketsuke")).isNotEqualTo(sessionBefore);
        assertThat(c.get("/calls").statusCode()).isEqualTo(200);

        HttpsClient again = client();
        assertThat(again.tryLogin(username, oneTime).headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        again.login(username, "a much better passphrase 7");
        assertThat(again.get("/calls").statusCode()).isEqualTo(200);
    }

    @Test
    void loginIssuesANewSecureHttpOnlySameSiteSessionCookie() {
        UUID tenant = newTenant();
        Login login = userWithPassword(tenant);
        HttpsClient c = client();
        c.get("/login");
        String anonymousSession = c.cookie("__Host-uketsuke");

        HttpResponse<String> response = c.tryLogin(login.username(), login.password());

        String setCookie = response.headers().allValues("Set-Cookie").stream()
                .filter(h -> h.startsWith("__Host-uketsuke=")).findFirst().orElseThrow();
        assertThat(setCookie).contains("Secure").contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
        assertThat(c.cookie("__Host-uketsuke")).isNotNull().isNotEqualTo(anonymousSession);
    }

    @Test
    void disabledUserIsSignedOutOnTheNextRequest() {
        UUID tenant = newTenant();
        Login login = userWithPassword(tenant);
        HttpsClient c = client();
        c.login(login.username(), login.password());
        assertThat(c.get("/calls").statusCode()).isEqualTo(200);

        identity.disableUser(login.username());

        assertThat(c.get("/calls").statusCode()).isEqualTo(302);
        assertThat(c.tryLogin(login.username(), login.password()).headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
    }

    @Test
    void signInLeadsToTheFirstPageTheRoleMayOpenAndTheNavigationShowsOnlyThose() {
        HttpsClient auditor = client();
        userWithMfa(null, Role.AUDITOR, auditor);
        HttpsClient member = signedIn(newTenant());

        assertThat(auditor.get("/").headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/audit"));
        assertThat(member.get("/").headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/calls"));
        assertThat(auditor.get("/calls").statusCode()).isEqualTo(403);
        assertThat(auditor.get("/settings").body()).contains("id=\"nav-audit\"").doesNotContain("id=\"nav-calls\"")
                .doesNotContain("id=\"nav-users\"");
        assertThat(member.get("/calls").body()).contains("id=\"nav-calls\"");
        assertThat(member.get("/settings").body()).doesNotContain("id=\"nav-audit\"")
                .doesNotContain("id=\"nav-users\"").doesNotContain("id=\"nav-api-keys\"");
    }

    @Test
    void firstStartCreatedThePlatformAdminWithAOneTimeArgon2Password() {
        Map<String, Object> admin = jdbc.sql("SELECT role, must_change_password, password_hash, tenant_id FROM users WHERE username = ?")
                .param(IdentityAdmin.PLATFORM_ADMIN).query().singleRow();

        assertThat(admin.get("ROLE")).isEqualTo("PLATFORM_ADMIN");
        assertThat(admin.get("MUST_CHANGE_PASSWORD")).isEqualTo(true);
        assertThat((String) admin.get("PASSWORD_HASH")).startsWith("$argon2id$");
        assertThat(admin.get("TENANT_ID")).isNull();
        // asking again creates nothing and prints nothing
        assertThat(identity.createPlatformAdminIfMissing()).isEmpty();
    }

    @Test
    void japaneseByDefaultEnglishOnRequest() {
        HttpsClient c = client();
        assertThat(c.get("/login").body()).contains("<html lang=\"ja\">").contains("ユーザー名");
        assertThat(c.get("/login?lang=en").body()).contains("Log in").contains("User name");
        // the choice is remembered
        assertThat(c.get("/login").body()).contains("User name");
        assertThat(c.get("/login?lang=xx").body()).contains("User name");
    }
}
