package jp.uketsuke.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.uketsuke.identity.Role;
import jp.uketsuke.web.HttpsClient;
import org.junit.jupiter.api.Test;

class InvitationTest extends LifecycleServer {

    private static final String PASSWORD = "a long and unusual passphrase 42";

    @Test
    void invitedAdministratorFollowsTheMailedLinkSetsAPasswordEnrolsMfaAndIsSignedIn() throws Exception {
        UUID tenant = newTenant();
        User admin = tenantUser(tenant, Role.TENANT_ADMIN);
        String email = address("hanako");
        String username = unique("hanako");

        HttpResponse<String> made = invite(admin.client(), email, username, Role.TENANT_ADMIN);

        assertThat(made.statusCode()).isEqualTo(200);
        assertThat(made.body()).contains("id=\"invitation-mailed\"").doesNotContain("id=\"invitation-link\"");
        MimeMessage mail = mailsTo(email).getFirst();
        assertThat(mail.getSubject()).contains("招待").contains("Invitation");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("uketsuke@uketsuke.test");
        assertThat(body(mail)).contains(username).contains("テナント管理者").contains("Tenant administrator")
                .contains(tenants.name(tenant).orElseThrow());
        String path = invitationPath(email);
        assertThat(admin.client().get("/invitations").body()).contains(username).contains("class=\"status\">有効<");

        HttpsClient invitee = client();
        HttpResponse<String> opened = invitee.get(path);
        assertThat(location(opened)).as("the token leaves the address bar").endsWith("/join");
        HttpResponse<String> form = invitee.get("/join");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains(username).doesNotContain(email);
        HttpResponse<String> weak = invitee.post("/join", "/join", Map.of("newPassword", "password1234", "confirmPassword", "password1234"));
        assertThat(weak.statusCode()).isEqualTo(400);
        HttpResponse<String> mismatch = invitee.post("/join", "/join", Map.of("newPassword", PASSWORD, "confirmPassword", PASSWORD + "x"));
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM users WHERE username = ?").param(username).query(Long.class).single())
                .as("nothing made before the password is right").isZero();

        HttpResponse<String> created = invitee.post("/join", "/join", Map.of("newPassword", PASSWORD, "confirmPassword", PASSWORD));

        assertThat(location(created)).as("a tenant administrator must enrol MFA first").endsWith("/mfa/enroll");
        assertThat(location(invitee.get("/calls"))).endsWith("/mfa/enroll");
        var app = enrol(invitee);
        assertThat(invitee.get("/calls").statusCode()).isEqualTo(200);
        assertThat(invitee.get("/invitations").statusCode()).as("signed in as the invited role").isEqualTo(200);
        HttpsClient later = client();
        later.tryLogin(username, PASSWORD);
        assertThat(landing(later, later.tryMfa(nextCode(app)))).endsWith("/calls");

        // the address is kept sealed with the tenant's key, the token only as a hash, neither in the log
        byte[] userEmail = jdbc.sql("SELECT sealed_email FROM users WHERE username = ?").param(username).query(byte[].class).single();
        byte[] invitationEmail = jdbc.sql("SELECT sealed_email FROM invitations WHERE username = ?").param(username)
                .query(byte[].class).single();
        String plain = HexFormat.of().formatHex(email.getBytes(StandardCharsets.UTF_8));
        assertThat(HexFormat.of().formatHex(userEmail)).doesNotContain(plain);
        assertThat(HexFormat.of().formatHex(invitationEmail)).doesNotContain(plain);
        String token = path.substring(path.lastIndexOf('/') + 1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM invitations WHERE token_hash = ?").param(token).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE target LIKE ? OR actor LIKE ? OR target LIKE ?")
                .params("%" + email + "%", "%" + email + "%", "%" + token + "%").query(Long.class).single()).isZero();
        assertThat(auditCount("invitation.accept", "ok")).isPositive();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'user.create' AND actor = ? AND target = ?")
                .params("user:" + admin.username(), "user:" + username).query(Long.class).single()).isEqualTo(1);
        assertThat(admin.client().get("/invitations").body()).contains("class=\"status\">登録済み<");
    }

    @Test
    void invitedMemberNeedsNoSecondFactorAndLandsOnTheCalls() {
        UUID tenant = newTenant();
        User admin = tenantUser(tenant, Role.TENANT_ADMIN);
        String email = address("taro");
        String username = unique("taro");
        invite(admin.client(), email, username, Role.TENANT_MEMBER);

        Joined joined = join(invitationPath(email), PASSWORD);

        assertThat(landing(joined.client(), joined.response())).endsWith("/calls");
        assertThat(joined.client().get("/calls").statusCode()).isEqualTo(200);
        assertThat(joined.client().get("/invitations").statusCode()).as("a member may not invite").isEqualTo(403);
        assertThat(jdbc.sql("SELECT tenant_id FROM users WHERE username = ?").param(username).query(UUID.class).single())
                .isEqualTo(tenant);
    }

    @Test
    void usedExpiredRevokedTamperedAndForgedLinksAllGetTheSameGenericPageAndAreAudited() {
        UUID tenant = newTenant();
        User admin = tenantUser(tenant, Role.TENANT_ADMIN);
        String usedEmail = address("used");
        invite(admin.client(), usedEmail, unique("used"), Role.TENANT_MEMBER);
        String used = invitationPath(usedEmail);
        join(used, PASSWORD);
        String revokedEmail = address("revoked");
        invite(admin.client(), revokedEmail, unique("revoked"), Role.TENANT_MEMBER);
        String revoked = invitationPath(revokedEmail);
        UUID revokedId = jdbc.sql("SELECT id FROM invitations WHERE tenant_id = ? AND accepted_at IS NULL").param(tenant)
                .query(UUID.class).single();
        assertThat(location(admin.client().post("/invitations/" + revokedId + "/revoke", "/invitations", Map.of())))
                .endsWith("/invitations");
        String openEmail = address("open");
        invite(admin.client(), openEmail, unique("open"), Role.TENANT_MEMBER);
        String open = invitationPath(openEmail);
        char last = open.charAt(open.length() - 1);
        String tampered = open.substring(0, open.length() - 1) + (last == 'A' ? 'B' : 'A');
        String forged = "/join/" + "x".repeat(43);
        long deniedBefore = auditCount("invitation.open", "denied");

        HttpResponse<String> reference = client().get(used);
        for (String path : new String[] {used, revoked, tampered, forged, "/join/short", "/join/" + "A".repeat(44)}) {
            HttpResponse<String> page = client().get(path);
            assertThat(page.statusCode()).as(path).isEqualTo(404);
            assertThat(page.body()).as(path).contains("id=\"invitation-invalid\"").isEqualTo(reference.body());
        }
        assertThat(auditCount("invitation.open", "invitation:" + revokedId, "denied")).isEqualTo(1);
        assertThat(auditCount("invitation.open", "denied") - deniedBefore).as("the reference and the six").isEqualTo(7);

        // the open invitation still works after all that, until it expires
        String expiring = address("late");
        invite(admin.client(), expiring, unique("late"), Role.TENANT_MEMBER);
        HttpsClient early = client();
        assertThat(location(early.get(invitationPath(expiring)))).endsWith("/join");
        CLOCK.advance(Duration.ofHours(73));
        assertThat(client().get(invitationPath(expiring)).statusCode()).isEqualTo(404);
        // the token for the form comes from another page: the join form itself is gone by now
        HttpResponse<String> tooLate = early.post("/join", "/login", Map.of("newPassword", PASSWORD, "confirmPassword", PASSWORD));
        assertThat(tooLate.statusCode()).as("a form opened in time, sent too late").isEqualTo(404);
        assertThat(tooLate.body()).isEqualTo(reference.body());
        assertThat(auditCount("invitation.accept", "denied")).isPositive();
        assertThat(client().get(open).statusCode()).as("72 hours by default").isEqualTo(404);
        assertThat(admin.client().get("/invitations").body()).contains("class=\"status\">期限切れ<")
                .contains("class=\"status\">取り消し<");
    }

    @Test
    void anotherTenantCannotSeeOrRevokeAnInvitationNorMoveTheInviteeIntoItself() {
        UUID tenantA = newTenant();
        UUID tenantB = newTenant();
        User adminA = tenantUser(tenantA, Role.TENANT_ADMIN);
        User adminB = tenantUser(tenantB, Role.TENANT_ADMIN);
        String email = address("cross");
        String username = unique("cross");
        invite(adminA.client(), email, username, Role.TENANT_MEMBER);
        UUID id = jdbc.sql("SELECT id FROM invitations WHERE username = ?").param(username).query(UUID.class).single();

        assertThat(adminB.client().get("/invitations").body()).doesNotContain(username);
        assertThat(adminB.client().post("/invitations/" + id + "/revoke", "/invitations", Map.of()).statusCode()).isEqualTo(404);
        assertThat(adminB.client().post("/invitations/not-a-uuid/revoke", "/invitations", Map.of()).statusCode()).isEqualTo(404);
        assertThat(auditCount("invitation.revoke", "invitation:" + id, "not_found")).isEqualTo(1);

        HttpsClient invitee = client();
        invitee.get(invitationPath(email));
        HttpResponse<String> created = invitee.post("/join", "/join", Map.of("newPassword", PASSWORD, "confirmPassword", PASSWORD,
                "tenant", tenantB.toString(), "role", "TENANT_ADMIN", "username", "someone-else"));

        assertThat(landing(invitee, created)).endsWith("/calls");
        assertThat(jdbc.sql("SELECT tenant_id FROM users WHERE username = ?").param(username).query(UUID.class).single())
                .isEqualTo(tenantA);
        assertThat(jdbc.sql("SELECT role FROM users WHERE username = ?").param(username).query(String.class).single())
                .isEqualTo("TENANT_MEMBER");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM users WHERE username = 'someone-else'").query(Long.class).single()).isZero();
    }

    @Test
    void badInvitationsAreRefusedWithoutSendingAnything() {
        UUID tenant = newTenant();
        User admin = tenantUser(tenant, Role.TENANT_ADMIN);
        User member = tenantUser(tenant, Role.TENANT_MEMBER);
        int mailsBefore = SMTP.getReceivedMessages().length;

        assertThat(invite(admin.client(), "not an address", unique("x"), Role.TENANT_MEMBER).body()).contains("メールアドレスが正しくありません");
        assertThat(invite(admin.client(), "a@example.test\r\nBcc: victim@example.test", unique("x"), Role.TENANT_MEMBER).statusCode())
                .isEqualTo(400);
        assertThat(invite(admin.client(), "Someone <a@example.test>", unique("x"), Role.TENANT_MEMBER).statusCode()).isEqualTo(400);
        assertThat(invite(admin.client(), "a@example.test, b@example.test", unique("x"), Role.TENANT_MEMBER).statusCode()).isEqualTo(400);
        assertThat(invite(admin.client(), "x".repeat(250) + "@example.test", unique("x"), Role.TENANT_MEMBER).statusCode()).isEqualTo(400);
        assertThat(invite(admin.client(), address("y"), "A B", Role.TENANT_MEMBER).statusCode()).isEqualTo(400);
        assertThat(invite(admin.client(), address("y"), member.username(), Role.TENANT_MEMBER).body())
                .contains("すでに使われているか");
        assertThat(invite(admin.client(), address("y"), unique("p"), Role.PLATFORM_ADMIN).statusCode())
                .as("a tenant administrator cannot make platform users").isEqualTo(400);
        assertThat(admin.client().post("/invitations", "/invitations", Map.of("email", address("y"), "username", unique("r"),
                "role", "builtin:ROOT")).statusCode()).isEqualTo(400);
        String taken = unique("twice");
        assertThat(invite(admin.client(), address("t"), taken, Role.TENANT_MEMBER).statusCode()).isEqualTo(200);
        assertThat(invite(admin.client(), address("t"), taken, Role.TENANT_MEMBER).statusCode())
                .as("a name held by an open invitation").isEqualTo(400);
        assertThat(SMTP.getReceivedMessages().length).isEqualTo(mailsBefore + 1);

        assertThat(member.client().post("/invitations", "/sessions", Map.of("email", address("m"), "username", unique("m"),
                "role", "builtin:TENANT_MEMBER")).statusCode()).isEqualTo(403);
        assertThat(admin.client().post("/invitations", null, Map.of("email", address("c"), "username", unique("c"),
                "role", "builtin:TENANT_MEMBER")).statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(SMTP.getReceivedMessages().length).isEqualTo(mailsBefore + 1);
    }

    @Test
    void whenTheMailServerIsDownTheInviterIsToldAndGetsTheLinkInstead() {
        UUID tenant = newTenant();
        User admin = tenantUser(tenant, Role.TENANT_ADMIN);
        String email = address("down");
        String username = unique("down");
        HttpResponse<String> made;
        SMTP.stop();
        try {
            made = invite(admin.client(), email, username, Role.TENANT_MEMBER);
        } finally {
            SMTP.start();
        }

        assertThat(made.statusCode()).isEqualTo(200);
        assertThat(made.body()).contains("メールを送れませんでした").contains("id=\"invitation-link\"");
        UUID id = jdbc.sql("SELECT id FROM invitations WHERE username = ?").param(username).query(UUID.class).single();
        assertThat(auditCount("invitation.mail", "invitation:" + id, "error")).isEqualTo(1);
        String link = made.body().replaceAll("(?s).*id=\"invitation-link\">https://[^/]+(/join/[A-Za-z0-9_-]+)<.*", "$1");
        Joined joined = join(link, PASSWORD);
        assertThat(landing(joined.client(), joined.response())).endsWith("/calls");
    }

    @Test
    void acceptingWithoutTheCsrfTokenIsRefusedAndTheInvitationStaysOpen() {
        UUID tenant = newTenant();
        User admin = tenantUser(tenant, Role.TENANT_ADMIN);
        String email = address("csrf");
        String username = unique("csrf");
        invite(admin.client(), email, username, Role.TENANT_MEMBER);
        HttpsClient invitee = client();
        invitee.get(invitationPath(email));
        invitee.get("/join");

        HttpResponse<String> forged = invitee.post("/join", null, Map.of("newPassword", PASSWORD, "confirmPassword", PASSWORD));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM users WHERE username = ?").param(username).query(Long.class).single()).isZero();
        HttpResponse<String> real = invitee.post("/join", "/join", Map.of("newPassword", PASSWORD, "confirmPassword", PASSWORD));
        assertThat(landing(invitee, real)).endsWith("/calls");
    }

    @Test
    void anInvitationIntoACustomRoleGivesItAndKeepsTheRoleInUseWhileOpen() {
        UUID tenant = newTenant();
        UUID other = newTenant();
        User admin = tenantUser(tenant, Role.TENANT_ADMIN);
        UUID reception = customRole(admin, tenant, "受付係", List.of("calls:read"));
        UUID foreignRole = customRole(tenantUser(other, Role.TENANT_ADMIN), other, "他社の役割", List.of("calls:read"));
        assertThat(admin.client().get("/invitations").body()).contains("value=\"custom:" + reception + "\"")
                .doesNotContain(foreignRole.toString());
        String email = address("custom");
        String username = unique("custom");

        HttpResponse<String> made = admin.client().post("/invitations", "/invitations",
                Map.of("email", email, "username", username, "role", "custom:" + reception));

        assertThat(made.statusCode()).isEqualTo(200);
        assertThat(body(mailsTo(email).getFirst())).contains("受付係");
        assertThat(admin.client().get("/invitations").body()).contains("<td class=\"role\">受付係</td>");
        assertThat(admin.client().post("/roles/" + reception + "/delete", "/roles", Map.of()).statusCode())
                .as("offered by an open invitation").isEqualTo(400);
        assertThat(admin.client().post("/invitations", "/invitations", Map.of("email", address("x"), "username", unique("x"),
                "role", "custom:" + foreignRole)).statusCode()).as("another tenant's role").isEqualTo(400);
        HttpsClient invitee = client();
        invitee.get(invitationPath(email));
        assertThat(invitee.get("/join").body()).contains("受付係");
        HttpResponse<String> joined = invitee.post("/join", "/join", Map.of("newPassword", PASSWORD, "confirmPassword", PASSWORD));
        assertThat(landing(invitee, joined)).endsWith("/calls");
        assertThat(jdbc.sql("SELECT custom_role_id FROM users WHERE username = ?").param(username).query(UUID.class).single())
                .isEqualTo(reception);
        assertThat(invitee.get("/calls").statusCode()).isEqualTo(200);
    }

    @Test
    void aUserManagerInvitesStaffRolesButNoAdministratorTheOneRuleOfTheUsersPage() {
        UUID tenant = newTenant();
        User admin = tenantUser(tenant, Role.TENANT_ADMIN);
        UUID managing = customRole(admin, tenant, "ユーザー管理", List.of("users:manage"));
        String managerName = unique("manager");
        String oneTime = identity.createTenantUser(tenant, managerName, Role.TENANT_MEMBER);
        UUID managerId = jdbc.sql("SELECT id FROM users WHERE username = ?").param(managerName).query(UUID.class).single();
        assertThat(admin.client().post("/users/" + managerId + "/role", "/users", Map.of("role", "custom:" + managing))
                .statusCode()).isEqualTo(302);
        HttpsClient manager = client();
        manager.login(managerName, oneTime);
        assertThat(location(manager.changePassword(oneTime, PASSWORD))).as("managing users needs a second factor")
                .endsWith("/mfa/enroll");
        enrol(manager);

        String form = manager.get("/invitations").body();
        assertThat(form).contains("value=\"builtin:TENANT_MEMBER\"").contains("value=\"custom:" + managing + "\"")
                .doesNotContain("value=\"builtin:TENANT_ADMIN\"");
        assertThat(invite(manager, address("boss"), unique("boss"), Role.TENANT_ADMIN).statusCode()).isEqualTo(400);
        assertThat(invite(manager, address("staff"), unique("staff"), Role.TENANT_MEMBER).statusCode())
                .as("reading calls is the member role's, whoever gives it").isEqualTo(200);
    }

    /** A custom role made by the tenant's administrator on the roles page. */
    private UUID customRole(User admin, UUID tenant, String name, List<String> permissions) {
        assertThat(admin.client().post("/roles", "/roles", Map.of("tenant", tenant.toString(), "name", name,
                "permissions", permissions)).statusCode()).isEqualTo(302);
        return jdbc.sql("SELECT id FROM custom_roles WHERE tenant_id = ? AND name = ?").params(tenant, name)
                .query(UUID.class).single();
    }

    @Test
    void platformAdministratorInvitesAnOperatorWhoMustEnrolMfa() {
        User admin = platformAdmin();
        String email = address("operator");
        String username = unique("operator");

        HttpResponse<String> made = invite(admin.client(), email, username, Role.OPERATOR);
        assertThat(made.statusCode()).isEqualTo(200);
        assertThat(body(mailsTo(email).getFirst())).contains("受付プラットフォーム").contains("the Uketsuke platform");
        Joined joined = join(invitationPath(email), PASSWORD);

        assertThat(location(joined.response())).endsWith("/mfa/enroll");
        enrol(joined.client());
        assertThat(joined.client().get("/calls").statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM users WHERE username = ? AND tenant_id IS NULL AND role = 'OPERATOR'")
                .param(username).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM invitations WHERE username = ? AND tenant_id IS NULL").param(username)
                .query(Long.class).single()).isEqualTo(1);
    }
}
