package jp.uketsuke.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import jp.uketsuke.identity.Role;
import jp.uketsuke.web.HttpsClient;
import org.junit.jupiter.api.Test;

class TrainingTest extends LifecycleServer {

    /** Midday in Japan, so that no test here straddles the midnight at which a training's day ends. */
    @org.junit.jupiter.api.BeforeEach
    void atNoonInTokyo() {
        var now = CLOCK.instant().atZone(ZoneId.of("Asia/Tokyo"));
        var noon = now.toLocalDate().plusDays(1).atTime(12, 0).atZone(now.getZone());
        CLOCK.advance(Duration.between(now, noon));
    }

    private static LocalDate today() {
        return LocalDate.ofInstant(CLOCK.instant(), ZoneId.of("Asia/Tokyo"));
    }

    private UUID userId(String username) {
        return jdbc.sql("SELECT id FROM users WHERE username = ?").param(username).query(UUID.class).single();
    }

    private static HttpResponse<String> record(HttpsClient admin, UUID user, String course, LocalDate completed, LocalDate expires) {
        return admin.post("/training", "/training", Map.of("user", user.toString(), "course", course,
                "completedOn", completed.toString(), "expiresOn", expires.toString()));
    }

    @Test
    void withThePolicyOnPersonalDataNeedsCurrentTrainingAndExpiryTakesItAwayOnTheNextRequest() {
        UUID tenant = newTenant();
        User admin = tenantUser(tenant, Role.TENANT_ADMIN);
        User member = tenantUser(tenant, Role.TENANT_MEMBER);
        assertThat(member.client().get("/calls").statusCode()).as("no policy yet").isEqualTo(200);

        admin.client().post("/settings/security", "/settings/security", Map.of("mfa", "ADMINS", "training", "true"));

        assertThat(auditCount("settings.training-policy.on", "tenant:" + tenant, "ok")).isEqualTo(1);
        HttpResponse<String> refused = member.client().get("/calls");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("id=\"training-required\"").contains("セキュリティ研修");
        assertThat(member.client().get("/sessions").statusCode()).as("what shows no personal data still works").isEqualTo(200);
        assertThat(admin.client().get("/calls").statusCode()).as("administrators too").isEqualTo(403);
        assertThat(admin.client().get("/audit").body()).contains("id=\"training-required\"");
        assertThat(admin.client().get("/training").statusCode()).as("recording training is not personal data").isEqualTo(200);

        HttpResponse<String> recorded = record(admin.client(), userId(member.username()), "個人情報保護研修 2026",
                today().minusDays(335), today().plusDays(30));

        assertThat(location(recorded)).endsWith("/training");
        assertThat(auditCount("training.record", "user:" + member.username(), "ok")).isEqualTo(1);
        assertThat(admin.client().get("/training").body()).contains("個人情報保護研修 2026").contains(today().plusDays(30).toString());
        assertThat(member.client().get("/calls").statusCode()).as("the same session, at once").isEqualTo(200);
        HttpsClient fresh = member.signIn(this);
        assertThat(fresh.get("/calls").statusCode()).isEqualTo(200);

        CLOCK.advance(Duration.ofDays(30));
        assertThat(member.client().get("/calls").statusCode()).as("valid through its last day").isEqualTo(200);
        CLOCK.advance(Duration.ofDays(1));

        HttpResponse<String> expired = member.client().get("/calls");
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(expired.body()).contains("id=\"training-required\"");
        assertThat(member.client().get("/calls/" + UUID.randomUUID()).statusCode()).isEqualTo(403);
        assertThat(admin.client().get("/training").body()).contains("有効な記録なし");

        admin.client().post("/settings/security", "/settings/security", Map.of("mfa", "ADMINS", "training", "false"));
        assertThat(member.client().get("/calls").statusCode()).as("policy off again").isEqualTo(200);
    }

    @Test
    void trainingIsRecordedOnlyForOwnUsersWithSaneDatesByUsersManagers() {
        UUID tenant = newTenant();
        User admin = tenantUser(tenant, Role.TENANT_ADMIN);
        User member = tenantUser(tenant, Role.TENANT_MEMBER);
        User stranger = tenantUser(newTenant(), Role.TENANT_MEMBER);
        UUID memberId = userId(member.username());

        assertThat(record(admin.client(), userId(stranger.username()), "course", today(), today().plusDays(1)).statusCode())
                .as("another tenant's user").isEqualTo(404);
        assertThat(record(admin.client(), UUID.randomUUID(), "course", today(), today().plusDays(1)).statusCode()).isEqualTo(404);
        assertThat(admin.client().post("/training", "/training", Map.of("user", "../admin", "course", "c",
                "completedOn", today().toString(), "expiresOn", today().plusDays(1).toString())).statusCode()).isEqualTo(404);
        assertThat(record(admin.client(), memberId, "", today(), today().plusDays(1)).statusCode()).isEqualTo(400);
        assertThat(record(admin.client(), memberId, "x".repeat(201), today(), today().plusDays(1)).statusCode()).isEqualTo(400);
        assertThat(record(admin.client(), memberId, "line\nbreak", today(), today().plusDays(1)).statusCode()).isEqualTo(400);
        assertThat(record(admin.client(), memberId, "course", today().plusDays(1), today().plusDays(2)).statusCode())
                .as("completed in the future").isEqualTo(400);
        assertThat(record(admin.client(), memberId, "course", today(), today()).statusCode()).isEqualTo(400);
        assertThat(admin.client().post("/training", "/training", Map.of("user", memberId.toString(), "course", "c",
                "completedOn", "2026-13-45", "expiresOn", "tomorrow")).statusCode()).isEqualTo(400);
        assertThat(member.client().post("/training", "/sessions", Map.of("user", memberId.toString(), "course", "self-taught",
                "completedOn", today().toString(), "expiresOn", today().plusYears(9).toString())).statusCode()).isEqualTo(403);
        assertThat(admin.client().post("/training", null, Map.of("user", memberId.toString(), "course", "c",
                "completedOn", today().toString(), "expiresOn", today().plusDays(1).toString())).statusCode()).isEqualTo(403);

        assertThat(jdbc.sql("SELECT COUNT(*) FROM training_records WHERE user_id IN (?, ?)")
                .params(memberId, userId(stranger.username())).query(Long.class).single()).isZero();
        assertThat(auditCount("training.record", "user:" + member.username(), "denied")).isEqualTo(6);
    }

    @Test
    void platformPolicyAppliesToPlatformUsersOnly() {
        User admin = platformAdmin();
        User tenantMember = tenantUser(newTenant(), Role.TENANT_MEMBER);
        assertThat(admin.client().get("/settings/security").body()).doesNotContain("name=\"mfa\"");

        admin.client().post("/settings/security", "/settings/security", Map.of("training", "true"));

        try {
            assertThat(admin.client().get("/calls").statusCode()).isEqualTo(403);
            assertThat(admin.client().get("/audit").body()).contains("id=\"training-required\"");
            assertThat(tenantMember.client().get("/calls").statusCode()).isEqualTo(200);
            record(admin.client(), userId(admin.username()), "Platform security 2026", today(), today().plusYears(1));
            assertThat(admin.client().get("/audit").statusCode()).isEqualTo(200);
        } finally {
            admin.client().post("/settings/security", "/settings/security", Map.of("training", "false"));
        }
    }
}
