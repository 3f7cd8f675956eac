package jp.uketsuke.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The users page: one tenant's (or the platform's) users, their role, second factor, last sign-in and state. */
class UsersPageTest extends RunningServer {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aTenantAdminSeesTheirTenantsUsersWithRoleSecondFactorLastSignInAndState() {
        UUID tenant = newTenant();
        UUID other = newTenant();
        HttpsClient admin = client();
        MfaLogin self = adminWithMfa(tenant, admin);
        Login member = userWithPassword(tenant);
        String neverSignedIn = unique("new");
        identity.createTenantUser(tenant, neverSignedIn, Role.TENANT_MEMBER);
        Login stranger = userWithPassword(other);

        HttpResponse<String> page = admin.get("/users");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain(stranger.username()).containsPattern("id=\"nav-settings\"\\s+aria-current=\"page\"");
        assertThat(admin.get("/settings").body()).contains("id=\"nav-users\"");
        assertThat(row(page.body(), self.username())).contains("テナント管理者").contains("設定済み").contains("（あなた）")
                .doesNotContain("deactivate");
        assertThat(row(page.body(), member.username())).contains("テナントメンバー").contains("未設定").contains("有効")
                .containsPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}").contains("deactivate");
        assertThat(row(page.body(), neverSignedIn)).contains("<td class=\"last-login\"></td>");
        assertThat(admin.get("/users?lang=en").body()).contains("Tenant administrator").contains("Last sign-in");
    }

    @Test
    void anotherTenantsUsersAreNotFoundAndStayUnchanged() {
        UUID tenant = newTenant();
        UUID other = newTenant();
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);
        Login stranger = userWithPassword(other);
        String token = admin.csrfToken("/users");
        UUID strangerId = userId(stranger.username());

        assertThat(admin.postWithToken("/users/" + strangerId + "/deactivate", token, Map.of()).statusCode()).isEqualTo(404);
        assertThat(admin.postWithToken("/users/" + strangerId + "/role", token, Map.of("role", "builtin:TENANT_ADMIN"))
                .statusCode()).isEqualTo(404);
        for (String id : List.of(UUID.randomUUID().toString(), "nonsense", "1-1-1-1-1", "%20")) {
            assertThat(admin.postWithToken("/users/" + id + "/deactivate", token, Map.of()).statusCode()).as(id).isIn(400, 404);
        }
        assertThat(admin.get("/users?tenant=" + other).statusCode()).isEqualTo(404);
        assertThat(admin.get("/users?tenant=nonsense").statusCode()).isEqualTo(404);
        HttpsClient c = client();
        c.login(stranger.username(), stranger.password());
        assertThat(c.get("/calls").statusCode()).as("still active, still a member").isEqualTo(200);
        assertThat(c.get("/users").statusCode()).isEqualTo(403);
    }

    @Test
    void nobodyChangesTheirOwnRoleOrDeactivatesThemselves() {
        UUID tenant = newTenant();
        HttpsClient admin = client();
        UUID self = userId(adminWithMfa(tenant, admin).username());

        assertThat(admin.post("/users/" + self + "/role", "/users", Map.of("role", "builtin:TENANT_MEMBER")).statusCode())
                .isEqualTo(400);
        assertThat(admin.post("/users/" + self + "/deactivate", "/users", Map.of()).statusCode()).isEqualTo(400);
        assertThat(admin.get("/users").statusCode()).isEqualTo(200);
    }

    @Test
    void aPlatformAdminListsPlatformUsersAndTheUsersOfAssignedTenantsOnly() {
        UUID assigned = newTenant();
        UUID unassigned = newTenant();
        HttpsClient admin = client();
        MfaLogin platformAdmin = userWithMfa(null, Role.PLATFORM_ADMIN, admin);
        String operator = unique("operator");
        identity.createPlatformUser(operator, Role.OPERATOR);
        Login inAssigned = userWithPassword(assigned);
        Login inUnassigned = userWithPassword(unassigned);
        identity.assign(platformAdmin.username(), assigned);

        HttpResponse<String> platform = admin.get("/users");
        assertThat(platform.body()).contains(operator).contains("オペレーター").doesNotContain(inAssigned.username());
        assertThat(admin.get("/users?tenant=" + assigned).body()).contains(inAssigned.username()).doesNotContain(operator);
        assertThat(admin.get("/users?tenant=" + unassigned).statusCode()).isEqualTo(404);
        assertThat(admin.post("/users/" + userId(inUnassigned.username()) + "/deactivate", "/users", Map.of()).statusCode())
                .isEqualTo(404);
        assertThat(admin.post("/users/" + userId(operator) + "/role", "/users", Map.of("role", "builtin:TENANT_MEMBER"))
                .statusCode()).as("a tenant role for a platform user").isEqualTo(400);
        assertThat(admin.post("/users/" + userId(operator) + "/role", "/users", Map.of("role", "builtin:SUPERVISOR"))
                .statusCode()).isEqualTo(302);
        assertThat(row(admin.get("/users").body(), operator)).contains("スーパーバイザー");
    }

    @Test
    void aSecurityOfficerManagesPlatformUsersButCannotMakeAnAdministrator() {
        HttpsClient officer = client();
        userWithMfa(null, Role.SECURITY_OFFICER, officer);
        String operator = unique("operator");
        identity.createPlatformUser(operator, Role.OPERATOR);
        String role = "/users/" + userId(operator) + "/role";

        assertThat(officer.post(role, "/users", Map.of("role", "builtin:PLATFORM_ADMIN")).statusCode())
                .as("roles:manage and settings:manage are not the officer's").isEqualTo(403);
        assertThat(row(officer.get("/users").body(), operator)).contains("オペレーター").doesNotContain("builtin:PLATFORM_ADMIN");
        assertThat(officer.post(role, "/users", Map.of("role", "builtin:AUDITOR")).statusCode()).isEqualTo(302);
        assertThat(officer.post("/users/" + userId(operator) + "/deactivate", "/users", Map.of()).statusCode()).isEqualTo(302);
        assertThat(row(officer.get("/users").body(), operator)).contains("監査人").contains("無効");
    }

    @Test
    void aDisabledUserIsEnabledAgainAuditedButOnlyByWhoeverMayGiveTheirRole() {
        HttpsClient officer = client();
        String officerName = userWithMfa(null, Role.SECURITY_OFFICER, officer).username();
        String operator = unique("operator");
        String oneTime = identity.createPlatformUser(operator, Role.OPERATOR);
        String administrator = unique("padmin");
        identity.createPlatformUser(administrator, Role.PLATFORM_ADMIN);
        UUID elsewhere = newTenant();
        Login stranger = userWithPassword(elsewhere);
        identity.disableUser(operator);
        identity.disableUser(administrator);
        identity.disableUser(stranger.username());
        assertThat(row(officer.get("/users").body(), operator)).contains("無効").contains("/activate");

        assertThat(officer.post("/users/" + userId(operator) + "/activate", "/users", Map.of()).statusCode()).isEqualTo(302);
        assertThat(officer.post("/users/" + userId(administrator) + "/activate", "/users", Map.of()).statusCode())
                .as("giving back an administrator's access takes what making one takes").isEqualTo(403);
        assertThat(officer.post("/users/" + userId(stranger.username()) + "/activate", "/users", Map.of()).statusCode())
                .as("a tenant not assigned to the officer").isEqualTo(404);

        assertThat(row(officer.get("/users").body(), operator)).contains("有効").doesNotContain("/activate");
        assertThat(row(officer.get("/users").body(), administrator)).contains("無効");
        assertThat(jdbc.sql("SELECT result FROM audit_events WHERE action = 'user.enable' AND actor = ? ORDER BY seq")
                .param("user:" + officerName).query(String.class).list()).as("the administrator, the stranger")
                .containsExactly("ok", "denied", "denied");
        HttpsClient back = client();
        assertThat(back.tryLogin(operator, oneTime).headers().firstValue("Location").orElse(""))
                .as("signs in again (and changes the one-time password first)").endsWith("/password");
        HttpsClient refused = client();
        assertThat(refused.tryLogin(stranger.username(), stranger.password()).headers().firstValue("Location").orElse(""))
                .endsWith("/login?error");
    }

    /** The table row of one user. */
    private static String row(String page, String username) {
        Matcher m = Pattern.compile("<tr class=\"user\"[^>]*>\\s*<td><span>" + Pattern.quote(username) + "</span>.*?</tr>",
                Pattern.DOTALL).matcher(page);
        if (!m.find()) {
            throw new AssertionError("no row for " + username);
        }
        return m.group();
    }
}
