package jp.uketsuke.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
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

/** API keys in the console: created with permissions the creator holds and an expiry, shown once, listed, revoked. */
class ApiKeysPageTest extends RunningServer {

    private static final Pattern KEY = Pattern.compile("id=\"api-key\"[^>]*>(uk_[0-9a-f]{8}_[A-Za-z0-9_-]{43})<");

    @Autowired
    JdbcClient jdbc;

    @Test
    void aCreatedKeyIsShownOnceWorksAndIsListedByPrefixWithItsLastUse() {
        UUID tenant = newTenant();
        UUID call = call(tenant, "hello", "hi");
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);

        HttpResponse<String> created = admin.post("/api-keys", "/api-keys",
                Map.of("permissions", List.of("calls:read"), "expiresInDays", "90"));

        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        Matcher m = KEY.matcher(created.body());
        assertThat(m.find()).isTrue();
        String key = m.group(1);
        String prefix = key.substring(3, 11);
        HttpResponse<String> page = admin.get("/api-keys");
        assertThat(page.body()).contains("uk_" + prefix + "_…").doesNotContain(key).contains("calls:read");
        assertThat(client().get("/api/v1/calls/" + call, "Authorization", "Bearer " + key).statusCode()).isEqualTo(200);
        String row = row(admin.get("/api-keys").body(), prefix);
        assertThat(row.split("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}", -1)).as("created, expires, last used").hasSize(4);
        Map<String, Object> stored = jdbc.sql("SELECT created_at, expires_at FROM api_keys WHERE prefix = ?").param(prefix)
                .query().singleRow();
        assertThat(Duration.between(instant(stored.get("CREATED_AT")), instant(stored.get("EXPIRES_AT"))))
                .isBetween(Duration.ofDays(90).minusMinutes(1), Duration.ofDays(90));
    }

    @Test
    void anotherTenantsKeysAreNotFoundAndKeepWorking() {
        UUID tenant = newTenant();
        UUID other = newTenant();
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);
        String theirs = apiKey(other);
        String token = admin.csrfToken("/api-keys");

        assertThat(admin.postWithToken("/api-keys/" + theirs.substring(3, 11) + "/revoke", token, Map.of()).statusCode())
                .isEqualTo(404);
        for (String prefix : List.of("00000000", "nonsense", "DEADBEEF", "%27%20or%201=1")) {
            assertThat(admin.postWithToken("/api-keys/" + prefix + "/revoke", token, Map.of()).statusCode()).as(prefix)
                    .isIn(400, 404);
        }
        assertThat(admin.get("/api-keys?tenant=" + other).statusCode()).isEqualTo(404);
        assertThat(admin.get("/api-keys").body()).doesNotContain(theirs.substring(3, 11));
        assertThat(admin.postWithToken("/api-keys", token, Map.of("tenant", other.toString(),
                "permissions", List.of("calls:read"), "expiresInDays", "30")).statusCode()).isEqualTo(404);
        assertThat(client().get("/api/v1/calls", "Authorization", "Bearer " + theirs).statusCode()).isEqualTo(200);
        assertThat(keysOf(other)).isEqualTo(1);
    }

    @Test
    void hostileCreationsAreRefusedAndCreateNothing() {
        UUID tenant = newTenant();
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);
        admin.post("/roles", "/roles", Map.of("name", "鍵係", "permissions", List.of("keys:manage")));
        Login keeper = userWithPassword(tenant);
        admin.post("/users/" + userId(keeper.username()) + "/role", "/users", Map.of("role", "custom:"
                + jdbc.sql("SELECT id FROM custom_roles WHERE tenant_id = ? AND name = '鍵係'").param(tenant).query(UUID.class).single()));
        HttpsClient c = client();
        c.login(keeper.username(), keeper.password());
        c.enrolMfa();
        String adminToken = admin.csrfToken("/api-keys");
        String keeperToken = c.csrfToken("/api-keys");

        Map<Map<String, Object>, Integer> hostile = Map.of(
                Map.of("permissions", List.of("keys:manage"), "expiresInDays", "30"), 400,
                Map.of("permissions", List.of("calls:read", "calls:delete"), "expiresInDays", "30"), 400,
                Map.of("permissions", List.of(), "expiresInDays", "30"), 400,
                Map.of("permissions", List.of("calls:read"), "expiresInDays", "0"), 400,
                Map.of("permissions", List.of("calls:read"), "expiresInDays", "100000"), 400,
                Map.of("permissions", List.of("calls:read"), "expiresInDays", "forever"), 400,
                Map.of("permissions", List.of("calls:read")), 400);
        hostile.forEach((form, status) ->
                assertThat(admin.postWithToken("/api-keys", adminToken, form).statusCode()).as(form.toString()).isEqualTo(status));
        // keys:manage without calls:read: a key cannot hold what its creator does not
        assertThat(c.postWithToken("/api-keys", keeperToken, Map.of("permissions", List.of("calls:read"),
                "expiresInDays", "30")).statusCode()).isEqualTo(403);
        assertThat(c.get("/api-keys").statusCode()).isEqualTo(200);
        assertThat(keysOf(tenant)).isZero();
    }

    private static Instant instant(Object timestamp) {
        return timestamp instanceof OffsetDateTime t ? t.toInstant() : ((java.sql.Timestamp) timestamp).toInstant();
    }

    private long keysOf(UUID tenant) {
        return jdbc.sql("SELECT COUNT(*) FROM api_keys WHERE tenant_id = ?").param(tenant).query(Long.class).single();
    }

    private static String row(String page, String prefix) {
        Matcher m = Pattern.compile("<tr class=\"api-key\" id=\"key-" + prefix + "\">.*?</tr>", Pattern.DOTALL).matcher(page);
        if (!m.find()) {
            throw new AssertionError("no row for " + prefix);
        }
        return m.group();
    }
}
