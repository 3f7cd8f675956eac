package jp.uketsuke.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import jp.uketsuke.identity.Role;
import jp.uketsuke.web.HttpsClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class DormantAccountsTest extends LifecycleServer {

    @Autowired
    DormantAccounts dormant;

    @Test
    void accountsUnusedForMoreThanNinetyDaysAreDisabledAndTheTenantAdministratorIsTold() {
        UUID tenant = newTenant();
        User founder = tenantUser(tenant, Role.TENANT_ADMIN);
        String adminEmail = address("kanri");
        String adminName = unique("kanri");
        invite(founder.client(), adminEmail, adminName, Role.TENANT_ADMIN);
        Joined joined = join(invitationPath(adminEmail), "the administrator's passphrase");
        User admin = new User(adminName, "the administrator's passphrase", enrol(joined.client()), joined.client());
        User active = tenantUser(tenant, Role.TENANT_MEMBER);
        String neverSignedIn = unique("never");
        identity.createTenantUser(tenant, neverSignedIn, Role.TENANT_MEMBER);

        CLOCK.advance(Duration.ofDays(89));
        // the administrator keeps using the console; the others do not
        HttpsClient adminNow = admin.signIn(this);
        assertThat(dormant.disableDormant()).doesNotContain(active.username(), neverSignedIn, adminName);
        assertThat(active.client().get("/calls").statusCode()).as("89 days: still in").isEqualTo(200);
        assertThat(mailsTo(adminEmail)).as("only the invitation so far").hasSize(1);

        CLOCK.advance(Duration.ofDays(2));
        var disabled = dormant.disableDormant();

        assertThat(disabled).contains(active.username(), neverSignedIn, founder.username()).doesNotContain(adminName);
        assertThat(active.client().get("/calls").statusCode()).as("the open session is refused").isEqualTo(302);
        assertThat(location(active.client().get("/calls"))).endsWith("/login");
        assertThat(location(client().tryLogin(active.username(), active.password()))).endsWith("/login?error");
        assertThat(adminNow.get("/calls").statusCode()).isEqualTo(200);
        assertThat(auditCount("account.dormant-disabled", "user:" + active.username(), "ok")).isEqualTo(1);
        assertThat(auditCount("account.dormant-disabled", "user:" + neverSignedIn, "ok")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'account.dormant-disabled' AND tenant_id = ?")
                .param(tenant).query(Long.class).single()).isEqualTo(3);
        var notices = mailsTo(adminEmail);
        assertThat(notices).hasSize(2);
        assertThat(body(notices.get(1))).contains(active.username()).contains(neverSignedIn).contains(founder.username())
                .doesNotContain(adminName).contains("90");
        assertThat(auditCount("account.dormant-notice", "user:" + adminName, "ok")).isEqualTo(1);

        assertThat(dormant.disableDormant()).as("each account once").doesNotContain(active.username());
        assertThat(mailsTo(adminEmail)).hasSize(2);
    }

    @Test
    void aDormantAccountEnabledAgainOnTheUsersPageCountsItsDormancyAfreshFromThen() {
        UUID tenant = newTenant();
        User admin = tenantUser(tenant, Role.TENANT_ADMIN);
        User member = tenantUser(tenant, Role.TENANT_MEMBER);
        CLOCK.advance(Duration.ofDays(91));
        HttpsClient adminNow = admin.signIn(this);
        assertThat(dormant.disableDormant()).contains(member.username()).doesNotContain(admin.username());

        HttpResponse<String> enabled = adminNow.post("/users/" + jdbc.sql("SELECT id FROM users WHERE username = ?")
                .param(member.username()).query(UUID.class).single() + "/activate", "/users", Map.of());

        assertThat(enabled.statusCode()).isEqualTo(302);
        assertThat(auditCount("user.enable", "user:" + member.username(), "ok")).isEqualTo(1);
        CLOCK.advance(Duration.ofDays(89));
        assertThat(dormant.disableDormant()).as("89 days after being enabled again, not since the last sign-in")
                .doesNotContain(member.username());
        HttpsClient back = client();
        assertThat(landing(back, back.tryLogin(member.username(), member.password()))).endsWith("/calls");
    }

    @Test
    void theLastPlatformAdministratorIsNeverLockedOut() {
        platformAdmin();
        CLOCK.advance(Duration.ofDays(91));

        dormant.disableDormant();

        assertThat(jdbc.sql("SELECT COUNT(*) FROM users WHERE tenant_id IS NULL AND role = 'PLATFORM_ADMIN' AND enabled = TRUE")
                .query(Long.class).single()).isPositive();
        assertThat(auditCount("account.dormant-kept", "ok")).isPositive();
    }
}
