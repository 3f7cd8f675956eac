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

/**
 * Removing an assignment, changing a role, deactivating a user or revoking a key acts on the very next request of
 * every open session and API key (S3): each test keeps a session open in a real HTTPS client, makes the change in the
 * console as an administrator would, and sends the next request.
 */
class AccessChangesActAtOnceTest extends RunningServer {

    private static final Pattern KEY = Pattern.compile("id=\"api-key\"[^>]*>(uk_[^<]+)<");

    @Autowired
    JdbcClient jdbc;

    @Test
    void removingAnAssignmentRefusesTheOperatorsOpenSessionAtItsNextRequest() {
        UUID tenant = newTenant();
        UUID call = call(tenant, "a caller's message", "hello");
        HttpsClient admin = client();
        userWithMfa(null, Role.PLATFORM_ADMIN, admin);
        HttpsClient operator = client();
        UUID operatorId = userId(userWithMfa(null, Role.OPERATOR, operator).username());
        Map<String, String> assignment = Map.of("user", operatorId.toString(), "tenant", tenant.toString());
        assertThat(operator.get("/calls/" + call).statusCode()).as("not assigned yet").isEqualTo(404);

        admin.post("/assignments", "/assignments", assignment);
        assertThat(operator.get("/calls/" + call).body()).contains("a caller&#39;s message");
        assertThat(operator.getBytes("/calls/" + call + "/recording.wav").statusCode()).isEqualTo(200);

        admin.post("/assignments/remove", "/assignments", assignment);

        HttpResponse<String> next = operator.get("/calls/" + call);
        assertThat(next.statusCode()).isEqualTo(404);
        assertThat(next.body()).doesNotContain("a caller&#39;s message");
        assertThat(operator.getBytes("/calls/" + call + "/recording.wav").statusCode()).isEqualTo(404);
        assertThat(operator.get("/calls").body()).doesNotContain(call.toString()).contains("表示できるテナントがありません");
    }

    @Test
    void changingARoleActsOnTheMembersNextRequest() {
        UUID tenant = newTenant();
        UUID call = call(tenant, "hello", "hi");
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);
        Login member = userWithPassword(tenant);
        HttpsClient open = client();
        open.login(member.username(), member.password());
        assertThat(open.getBytes("/calls/" + call + "/recording.wav").statusCode()).isEqualTo(200);
        admin.post("/roles", "/roles", Map.of("tenant", tenant.toString(), "name", "読むだけ", "permissions", List.of("calls:read")));
        UUID readOnly = jdbc.sql("SELECT id FROM custom_roles WHERE tenant_id = ? AND name = ?").params(tenant, "読むだけ")
                .query(UUID.class).single();
        String role = "/users/" + userId(member.username()) + "/role";

        assertThat(admin.post(role, "/users", Map.of("role", "custom:" + readOnly)).statusCode()).isEqualTo(302);

        assertThat(open.getBytes("/calls/" + call + "/recording.wav").statusCode()).isEqualTo(403);
        assertThat(open.get("/calls/" + call).statusCode()).isEqualTo(200);

        admin.post("/roles/" + readOnly, "/roles", Map.of("permissions", List.of("recordings:play")));

        assertThat(open.get("/calls/" + call).statusCode()).as("the role's new permissions, at once").isEqualTo(403);
        assertThat(open.getBytes("/calls/" + call + "/recording.wav").statusCode()).isEqualTo(200);

        admin.post(role, "/users", Map.of("role", "builtin:TENANT_MEMBER"));

        assertThat(open.get("/calls/" + call).statusCode()).isEqualTo(200);
    }

    @Test
    void deactivatingAUserSignsOutEveryOpenSessionAtItsNextRequest() {
        UUID tenant = newTenant();
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);
        Login member = userWithPassword(tenant);
        HttpsClient laptop = client();
        laptop.login(member.username(), member.password());
        HttpsClient phone = client();
        phone.login(member.username(), member.password());
        assertThat(laptop.get("/calls").statusCode()).isEqualTo(200);

        admin.post("/users/" + userId(member.username()) + "/deactivate", "/users", Map.of());

        for (HttpsClient open : new HttpsClient[] {laptop, phone}) {
            HttpResponse<String> next = open.get("/calls");
            assertThat(next.statusCode()).isEqualTo(302);
            assertThat(next.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        }
        assertThat(client().tryLogin(member.username(), member.password()).headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        assertThat(admin.get("/users").body()).contains(member.username()).contains("無効");
    }

    @Test
    void revokingAKeyInTheConsoleRefusesItsNextUse() {
        UUID tenant = newTenant();
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);
        HttpResponse<String> created = admin.post("/api-keys", "/api-keys", Map.of("tenant", tenant.toString(),
                "permissions", List.of("calls:read"), "expiresInDays", "30"));
        Matcher m = KEY.matcher(created.body());
        assertThat(m.find()).as("the key is shown once").isTrue();
        String key = m.group(1);
        HttpsClient api = client();
        assertThat(api.get("/api/v1/calls", "Authorization", "Bearer " + key).statusCode()).isEqualTo(200);

        admin.post("/api-keys/" + key.substring(3, 11) + "/revoke", "/api-keys", Map.of());

        assertThat(api.get("/api/v1/calls", "Authorization", "Bearer " + key).statusCode()).isEqualTo(401);
    }
}
