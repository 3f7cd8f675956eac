package jp.uketsuke.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Custom roles: defined by whoever holds roles:manage, within what they hold themselves, never more, whatever a
 * hand-made form asks for; given only to users of their own tenant (or platform).
 */
class CustomRolesTest extends RunningServer {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aTenantAdminDefinesARoleWithinWhatTheyHoldAndGivesItToAMember() {
        UUID tenant = newTenant();
        UUID call = call(tenant, "hello", "hi");
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);
        Login member = userWithPassword(tenant);

        HttpResponse<String> created = admin.post("/roles", "/roles",
                Map.of("tenant", tenant.toString(), "name", "受付担当", "permissions", List.of("calls:read")));
        assertThat(created.statusCode()).isEqualTo(302);
        UUID role = roleId(tenant, "受付担当");
        assertThat(admin.get("/roles").body()).contains("受付担当").contains("role-" + role);
        assertThat(admin.post("/users/" + userId(member.username()) + "/role", "/users",
                Map.of("role", "custom:" + role)).statusCode()).isEqualTo(302);

        HttpsClient c = client();
        c.login(member.username(), member.password());
        assertThat(c.get("/calls/" + call).statusCode()).isEqualTo(200);
        assertThat(c.getBytes("/calls/" + call + "/recording.wav").statusCode()).isEqualTo(403);
        assertThat(admin.get("/users").body()).contains("受付担当");
    }

    @Test
    void hostileFormsAskingForMoreThanTheWriterHoldsAreRefusedAndStoreNothing() {
        UUID tenant = newTenant();
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);
        String token = admin.csrfToken("/roles");
        String t = tenant.toString();

        Map<Map<String, Object>, Integer> hostile = Map.of(
                Map.of("tenant", t, "name", "番号係", "permissions", List.of("numbers:manage")), 403,
                Map.of("tenant", t, "name", "全部", "permissions", List.of("calls:read", "incidents:manage")), 403,
                Map.of("tenant", t, "name", "ワイルド", "permissions", List.of("calls:read", "calls:*")), 400,
                Map.of("tenant", t, "name", "空", "permissions", List.of()), 400,
                Map.of("tenant", t, "name", " ", "permissions", List.of("calls:read")), 400,
                Map.of("tenant", t, "name", "x".repeat(101), "permissions", List.of("calls:read")), 400,
                Map.of("tenant", t, "name", "改行\n名", "permissions", List.of("calls:read")), 400,
                Map.of("tenant", newTenant().toString(), "name", "よそ", "permissions", List.of("calls:read")), 404,
                Map.of("tenant", "not-a-tenant", "name", "よそ", "permissions", List.of("calls:read")), 404);
        hostile.forEach((form, status) ->
                assertThat(admin.postWithToken("/roles", token, form).statusCode()).as(form.toString()).isEqualTo(status));

        assertThat(rolesOf(tenant)).isZero();
        admin.postWithToken("/roles", token, Map.of("tenant", t, "name", "受付", "permissions", List.of("calls:read")));
        assertThat(admin.postWithToken("/roles", token, Map.of("tenant", t, "name", "受付", "permissions",
                List.of("recordings:play"))).statusCode()).as("a name once per tenant").isEqualTo(400);
        UUID role = roleId(tenant, "受付");
        assertThat(admin.postWithToken("/roles/" + role, token, Map.of("permissions", List.of("calls:read", "numbers:manage")))
                .statusCode()).isEqualTo(403);
        assertThat(permissionsOf(role)).isEqualTo("calls:read");
        assertThat(rolesOf(tenant)).isEqualTo(1);
    }

    @Test
    void aUserManagerGivesStaffRolesButNeverMoreAdministrationThanTheirOwnNorWritesRolesBeyondIt() {
        UUID tenant = newTenant();
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);
        admin.post("/roles", "/roles", Map.of("tenant", tenant.toString(), "name", "ユーザー管理",
                "permissions", List.of("users:manage", "roles:manage")));
        admin.post("/roles", "/roles", Map.of("tenant", tenant.toString(), "name", "閲覧", "permissions", List.of("calls:read")));
        admin.post("/roles", "/roles", Map.of("tenant", tenant.toString(), "name", "鍵係", "permissions", List.of("keys:manage")));
        Login manager = userWithPassword(tenant);
        Login colleague = userWithPassword(tenant);
        admin.post("/users/" + userId(manager.username()) + "/role", "/users",
                Map.of("role", "custom:" + roleId(tenant, "ユーザー管理")));

        HttpsClient c = client();
        c.login(manager.username(), manager.password());
        // managing others' access needs a second factor, also through a custom role
        assertThat(c.get("/users").headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/mfa/enroll"));
        c.enrolMfa();
        assertThat(c.get("/users").statusCode()).isEqualTo(200);
        assertThat(c.get("/calls").statusCode()).isEqualTo(403);
        String token = c.csrfToken("/users");
        String colleagueRole = "/users/" + userId(colleague.username()) + "/role";

        // administration the manager does not hold: keys (and settings, for the tenant admin role)
        for (String more : List.of("builtin:TENANT_ADMIN", "custom:" + roleId(tenant, "鍵係"))) {
            assertThat(c.postWithToken(colleagueRole, token, Map.of("role", more)).statusCode()).as(more).isEqualTo(403);
        }
        assertThat(roleOf(colleague.username())).isEqualTo(Set.of("TENANT_MEMBER"));
        assertThat(c.get("/users").body()).doesNotContain("builtin:TENANT_ADMIN").doesNotContain(roleId(tenant, "鍵係").toString())
                .contains("custom:" + roleId(tenant, "閲覧"));
        // writing roles is bounded by what the writer holds, every permission of it
        assertThat(c.postWithToken("/roles", token, Map.of("name", "もっと", "permissions", List.of("calls:read")))
                .statusCode()).isEqualTo(403);
        assertThat(c.postWithToken("/roles/" + roleId(tenant, "閲覧"), token, Map.of("permissions", List.of("calls:read")))
                .statusCode()).isEqualTo(403);
        assertThat(c.postWithToken("/users/" + userId(manager.username()) + "/role", token,
                Map.of("role", "builtin:TENANT_MEMBER")).statusCode()).as("not oneself").isEqualTo(400);

        assertThat(c.postWithToken(colleagueRole, token, Map.of("role", "custom:" + roleId(tenant, "閲覧")))
                .statusCode()).isEqualTo(302);
        assertThat(roleOf(colleague.username())).containsExactly(roleId(tenant, "閲覧").toString());
        assertThat(c.postWithToken(colleagueRole, token, Map.of("role", "builtin:TENANT_MEMBER")).statusCode()).isEqualTo(302);
        assertThat(roleOf(colleague.username())).isEqualTo(Set.of("TENANT_MEMBER"));
    }

    @Test
    void rolesOfAnotherTenantOrScopeCannotBeGivenEditedOrDeleted() {
        UUID tenant = newTenant();
        UUID other = newTenant();
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);
        HttpsClient otherAdmin = client();
        adminWithMfa(other, otherAdmin);
        otherAdmin.post("/roles", "/roles", Map.of("name", "よその役", "permissions", List.of("calls:read")));
        UUID theirs = roleId(other, "よその役");
        Login member = userWithPassword(tenant);
        String token = admin.csrfToken("/roles");
        String role = "/users/" + userId(member.username()) + "/role";

        assertThat(admin.postWithToken(role, token, Map.of("role", "custom:" + theirs)).statusCode()).isEqualTo(404);
        assertThat(admin.postWithToken(role, token, Map.of("role", "custom:" + UUID.randomUUID())).statusCode()).isEqualTo(404);
        assertThat(admin.postWithToken(role, token, Map.of("role", "builtin:OPERATOR")).statusCode())
                .as("a platform role for a tenant user").isEqualTo(400);
        assertThat(admin.postWithToken(role, token, Map.of("role", "builtin:NOBODY")).statusCode()).isEqualTo(400);
        assertThat(admin.postWithToken(role, token, Map.of("role", "")).statusCode()).isEqualTo(400);
        assertThat(admin.postWithToken("/roles/" + theirs, token, Map.of("permissions", List.of("recordings:play")))
                .statusCode()).isEqualTo(404);
        assertThat(admin.postWithToken("/roles/" + theirs + "/delete", token, Map.of()).statusCode()).isEqualTo(404);
        assertThat(admin.postWithToken("/roles/nonsense/delete", token, Map.of()).statusCode()).isEqualTo(404);
        assertThat(admin.get("/roles?tenant=" + other).statusCode()).isEqualTo(404);
        assertThat(permissionsOf(theirs)).isEqualTo("calls:read");
        assertThat(roleOf(member.username())).isEqualTo(Set.of("TENANT_MEMBER"));
    }

    @Test
    void aRoleInUseIsNotDeletedAnUnusedOneIs() {
        UUID tenant = newTenant();
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);
        admin.post("/roles", "/roles", Map.of("name", "使用中", "permissions", List.of("calls:read")));
        admin.post("/roles", "/roles", Map.of("name", "未使用", "permissions", List.of("calls:read")));
        Login member = userWithPassword(tenant);
        admin.post("/users/" + userId(member.username()) + "/role", "/users", Map.of("role", "custom:" + roleId(tenant, "使用中")));

        assertThat(admin.post("/roles/" + roleId(tenant, "使用中") + "/delete", "/roles", Map.of()).statusCode()).isEqualTo(400);
        assertThat(admin.post("/roles/" + roleId(tenant, "未使用") + "/delete", "/roles", Map.of()).statusCode()).isEqualTo(302);
        assertThat(rolesOf(tenant)).isEqualTo(1);
    }

    @Test
    void aPlatformAdminDefinesPlatformRolesForPlatformUsersOnly() {
        UUID tenant = newTenant();
        UUID call = call(tenant, "hello", "hi");
        HttpsClient admin = client();
        MfaLogin platformAdmin = userWithMfa(null, Role.PLATFORM_ADMIN, admin);
        String name = unique("夜間担当 ");
        assertThat(admin.post("/roles", "/roles", Map.of("name", name, "permissions", List.of("calls:read"))).statusCode())
                .isEqualTo(302);
        UUID role = jdbc.sql("SELECT id FROM custom_roles WHERE tenant_id IS NULL AND name = ?").param(name).query(UUID.class).single();
        HttpsClient night = client();
        MfaLogin operator = userWithMfa(null, Role.OPERATOR, night);
        identity.assign(operator.username(), tenant);
        Login tenantMember = userWithPassword(tenant);
        identity.assign(platformAdmin.username(), tenant);

        assertThat(admin.post("/users/" + userId(operator.username()) + "/role", "/users", Map.of("role", "custom:" + role))
                .statusCode()).isEqualTo(302);
        assertThat(night.get("/calls/" + call).statusCode()).isEqualTo(200);
        assertThat(night.getBytes("/calls/" + call + "/recording.wav").statusCode()).isEqualTo(403);

        // a platform role is no role of a tenant's
        assertThat(admin.post("/users/" + userId(tenantMember.username()) + "/role", "/users", Map.of("role", "custom:" + role))
                .statusCode()).isEqualTo(404);
        assertThat(admin.post("/roles", "/roles", Map.of("name", unique("no "), "permissions", List.of("calls:delete")))
                .statusCode()).as("the platform admin does not hold calls:delete").isEqualTo(403);
    }

    private UUID roleId(UUID tenant, String name) {
        return jdbc.sql("SELECT id FROM custom_roles WHERE tenant_id = ? AND name = ?").params(tenant, name).query(UUID.class).single();
    }

    private long rolesOf(UUID tenant) {
        return jdbc.sql("SELECT COUNT(*) FROM custom_roles WHERE tenant_id = ?").param(tenant).query(Long.class).single();
    }

    private String permissionsOf(UUID role) {
        return jdbc.sql("SELECT permissions FROM custom_roles WHERE id = ?").param(role).query(String.class).single();
    }

    /** The custom role's id when the user holds one, else the built-in role's name. */
    private Set<String> roleOf(String username) {
        return Set.of(jdbc.sql("SELECT COALESCE(CAST(custom_role_id AS VARCHAR(36)), role) FROM users WHERE username = ?")
                .param(username).query(String.class).single());
    }
}
