package jp.uketsuke.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import jp.uketsuke.identity.Role;
import jp.uketsuke.web.HttpsClient;
import org.junit.jupiter.api.Test;

class MfaPolicyTest extends LifecycleServer {

    @Test
    void memberOfATenantWhosePolicyIsAllUsersMustEnrolAtTheNextSignIn() {
        UUID tenant = newTenant();
        UUID otherTenant = newTenant();
        User admin = tenantUser(tenant, Role.TENANT_ADMIN);
        User member = tenantUser(tenant, Role.TENANT_MEMBER);
        User otherMember = tenantUser(otherTenant, Role.TENANT_MEMBER);
        assertThat(member.app()).as("optional by default").isNull();
        assertThat(admin.client().get("/settings/security").body()).contains("value=\"ADMINS\" checked");

        HttpResponse<String> saved = admin.client().post("/settings/security", "/settings/security",
                Map.of("mfa", "ALL", "training", "false"));

        assertThat(location(saved)).endsWith("/settings/security?saved");
        assertThat(admin.client().get("/settings/security").body()).contains("value=\"ALL\" checked");
        assertThat(auditCount("settings.mfa-policy.all", "tenant:" + tenant, "ok")).isEqualTo(1);
        HttpsClient next = client();
        assertThat(location(next.tryLogin(member.username(), member.password()))).endsWith("/mfa/enroll");
        assertThat(location(next.get("/calls"))).endsWith("/mfa/enroll");
        assertThat(location(member.client().get("/calls"))).as("a session already open, too").endsWith("/mfa/enroll");
        var app = enrol(next);
        assertThat(next.get("/calls").statusCode()).isEqualTo(200);
        HttpsClient third = client();
        assertThat(location(third.tryLogin(member.username(), member.password()))).endsWith("/login/mfa");
        assertThat(landing(third, third.tryMfa(nextCode(app)))).endsWith("/calls");
        HttpsClient other = client();
        assertThat(landing(other, other.tryLogin(otherMember.username(), otherMember.password())))
                .as("another tenant keeps its own policy").endsWith("/calls");
    }

    @Test
    void backToAdminsOnlyLetsMembersWithoutASecondFactorInAgain() {
        UUID tenant = newTenant();
        User admin = tenantUser(tenant, Role.TENANT_ADMIN);
        User member = tenantUser(tenant, Role.TENANT_MEMBER);
        admin.client().post("/settings/security", "/settings/security", Map.of("mfa", "ALL", "training", "false"));
        assertThat(location(client().tryLogin(member.username(), member.password()))).endsWith("/mfa/enroll");

        admin.client().post("/settings/security", "/settings/security", Map.of("mfa", "ADMINS", "training", "false"));

        HttpsClient without = client();
        assertThat(landing(without, without.tryLogin(member.username(), member.password()))).endsWith("/calls");
        assertThat(auditCount("settings.mfa-policy.admins", "tenant:" + tenant, "ok")).isEqualTo(1);
        assertThat(location(client().tryLogin(admin.username(), admin.password())))
                .as("administrators always").endsWith("/login/mfa");
    }

    @Test
    void onlySettingsManagersChangeThePolicyAndOnlyToKnownValues() {
        UUID tenant = newTenant();
        User admin = tenantUser(tenant, Role.TENANT_ADMIN);
        User member = tenantUser(tenant, Role.TENANT_MEMBER);

        assertThat(admin.client().get("/settings").body()).contains("id=\"nav-security\"").contains("id=\"nav-invitations\"")
                .contains("id=\"nav-training\"");
        assertThat(member.client().get("/settings").body()).doesNotContain("nav-security").doesNotContain("nav-invitations")
                .doesNotContain("nav-training");
        assertThat(member.client().get("/settings/security").statusCode()).isEqualTo(403);
        assertThat(member.client().post("/settings/security", "/sessions", Map.of("mfa", "ALL", "training", "false"))
                .statusCode()).isEqualTo(403);
        assertThat(admin.client().post("/settings/security", null, Map.of("mfa", "ALL", "training", "false")).statusCode())
                .as("no CSRF token").isEqualTo(403);
        assertThat(admin.client().post("/settings/security", "/settings/security", Map.of("mfa", "NOBODY", "training", "false"))
                .statusCode()).isEqualTo(400);
        assertThat(admin.client().post("/settings/security", "/settings/security", Map.of("mfa", "ALL", "training", "yes"))
                .statusCode()).isEqualTo(400);
        assertThat(admin.client().post("/settings/security", "/settings/security", Map.of()).statusCode()).isEqualTo(400);

        HttpsClient unchanged = client();
        assertThat(landing(unchanged, unchanged.tryLogin(member.username(), member.password()))).as("unchanged")
                .endsWith("/calls");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM security_policies WHERE scope_id = ?").param(tenant).query(Long.class).single())
                .isZero();
    }
}
