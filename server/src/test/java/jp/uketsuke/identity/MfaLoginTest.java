package jp.uketsuke.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class MfaLoginTest extends RunningServer {

    @Autowired
    JdbcClient jdbc;

    private static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElse("");
    }

    @Test
    void tenantAdminMustEnrolBeforeReachingAnythingAndTheSecretIsStoredSealed() {
        UUID tenant = newTenant();
        String username = unique("admin");
        String oneTime = identity.createTenantUser(tenant, username, Role.TENANT_ADMIN);
        HttpsClient c = client();
        c.login(username, oneTime);
        HttpResponse<String> changed = c.changePassword(oneTime, "Correct horse battery staple 42");

        assertThat(location(changed)).endsWith("/mfa/enroll");
        for (String path : new String[] {"/calls", "/calls/" + UUID.randomUUID(), "/sessions", "/login/mfa", "/password"}) {
            assertThat(location(c.get(path))).as(path).endsWith("/mfa/enroll");
        }
        HttpResponse<String> page = c.get("/mfa/enroll");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"mfa-qr\"").doesNotContain("data:image");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline"));
        HttpResponse<byte[]> qr = c.getBytes("/mfa/enroll/qr.png");
        assertThat(qr.statusCode()).isEqualTo(200);
        assertThat(qr.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(qr.body()).startsWith(0x89, 'P', 'N', 'G');
        HttpResponse<String> wrong = c.post("/mfa/enroll", "/mfa/enroll", Map.of("code", "000000x"));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(location(c.get("/calls"))).endsWith("/mfa/enroll");

        HttpsClient.Enrolment enrolment = c.enrolMfa();

        assertThat(enrolment.recoveryCodes()).hasSize(10).doesNotHaveDuplicates();
        assertThat(c.get("/calls").statusCode()).isEqualTo(200);
        assertThat(c.getBytes("/mfa/enroll/qr.png").statusCode()).as("no enrolment under way").isEqualTo(409);
        byte[] sealed = jdbc.sql("SELECT m.sealed_secret FROM user_mfa m JOIN users u ON u.id = m.user_id WHERE u.username = ?")
                .param(username).query(byte[].class).single();
        assertThat(HexFormat.of().formatHex(sealed)).doesNotContain(HexFormat.of().formatHex(enrolment.app().secret()));
        assertThat(sealed.length).as("nonce and tag around the secret").isGreaterThan(20 + 16);
        long unused = jdbc.sql("SELECT COUNT(*) FROM mfa_recovery_codes r JOIN users u ON u.id = r.user_id "
                        + "WHERE u.username = ? AND r.code_hash = ?")
                .params(username, enrolment.recoveryCodes().getFirst()).query(Long.class).single();
        assertThat(unused).as("recovery codes are stored hashed").isZero();
    }

    @Test
    void passwordAloneIsNotEnoughAndWrongOrReplayedCodesAreRefused() {
        UUID tenant = newTenant();
        MfaLogin admin = adminWithMfa(tenant, client());
        HttpsClient c = client();

        HttpResponse<String> password = c.tryLogin(admin.username(), admin.password());
        assertThat(location(password)).endsWith("/login/mfa");
        assertThat(location(c.get("/calls"))).endsWith("/login/mfa");
        assertThat(location(c.get("/mfa/enroll"))).endsWith("/login/mfa");

        HttpResponse<String> wrong = c.tryMfa("000000".equals(admin.app().lastCode()) ? "111111" : "000000");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("コードが正しくありません");
        // the code that confirmed the enrolment has been used
        assertThat(c.tryMfa(admin.app().lastCode()).statusCode()).isEqualTo(400);
        assertThat(c.tryMfa("'; drop table users; --").statusCode()).isEqualTo(400);
        assertThat(location(c.get("/calls"))).endsWith("/login/mfa");

        String code = admin.app().nextCode();
        String before = c.cookie("__Host-uketsuke");
        HttpResponse<String> ok = c.tryMfa(code);
        assertThat(location(ok)).isEqualTo(base() + "/");
        assertThat(c.cookie("__Host-uketsuke")).isNotEqualTo(before);
        assertThat(c.get("/calls").statusCode()).isEqualTo(200);

        HttpsClient other = client();
        other.login(admin.username(), admin.password());
        assertThat(other.tryMfa(code).statusCode()).as("a code works once").isEqualTo(400);
        assertThat(location(other.get("/calls"))).endsWith("/login/mfa");
    }

    @Test
    void recoveryCodeSignsInOnceOnly() {
        UUID tenant = newTenant();
        MfaLogin admin = adminWithMfa(tenant, client());
        String recovery = admin.recoveryCodes().get(3);

        HttpsClient first = client();
        first.login(admin.username(), admin.password());
        assertThat(location(first.tryMfa(recovery.toUpperCase()))).isEqualTo(base() + "/");
        assertThat(first.get("/calls").statusCode()).isEqualTo(200);

        HttpsClient second = client();
        second.login(admin.username(), admin.password());
        assertThat(second.tryMfa(recovery).statusCode()).isEqualTo(400);
        assertThat(location(second.tryMfa(admin.recoveryCodes().get(4)))).isEqualTo(base() + "/");
    }

    @Test
    void wrongCodesLockTheAccountLikeWrongPasswordsWithoutSayingSo() {
        UUID tenant = newTenant();
        MfaLogin admin = adminWithMfa(tenant, client());
        HttpsClient c = client();
        c.login(admin.username(), admin.password());
        String wrong = "000000".equals(admin.app().lastCode()) ? "111111" : "000000";
        for (int i = 0; i < 10; i++) {
            c.tryMfa(wrong);
        }

        HttpResponse<String> right = c.tryMfa(admin.app().nextCode());
        assertThat(right.statusCode()).isEqualTo(400);
        assertThat(location(c.get("/calls"))).endsWith("/login/mfa");
        HttpsClient later = client();
        assertThat(location(later.tryLogin(admin.username(), admin.password()))).endsWith("/login?error");
    }

    @Test
    void membersMayEnrolAndThenNeedTheCodeToo() {
        UUID tenant = newTenant();
        Login member = userWithPassword(tenant);
        HttpsClient c = client();
        c.login(member.username(), member.password());
        assertThat(c.get("/calls").statusCode()).as("optional for members").isEqualTo(200);

        HttpsClient.Enrolment enrolment = c.enrolMfa();

        HttpsClient again = client();
        assertThat(location(again.tryLogin(member.username(), member.password()))).endsWith("/login/mfa");
        assertThat(location(again.tryMfa(enrolment.app().nextCode()))).isEqualTo(base() + "/");
    }

    @Test
    void afterAnMfaResetTheAdminMustEnrolAgainAndOldCodesAreDead() {
        UUID tenant = newTenant();
        HttpsClient open = client();
        MfaLogin admin = adminWithMfa(tenant, open);

        identity.resetMfa(admin.username());

        assertThat(location(open.get("/calls"))).as("an open session too").endsWith("/mfa/enroll");
        HttpsClient c = client();
        assertThat(location(c.tryLogin(admin.username(), admin.password()))).endsWith("/mfa/enroll");
        assertThat(location(c.post("/login/mfa", "/mfa/enroll", Map.of("code", admin.recoveryCodes().getFirst()))))
                .endsWith("/mfa/enroll");
        c.enrolMfa();
        assertThat(c.get("/calls").statusCode()).isEqualTo(200);
    }
}
