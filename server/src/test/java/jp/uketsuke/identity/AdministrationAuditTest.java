package jp.uketsuke.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditSearch;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every change made on the administration pages, and every refused attempt, is an event of the operation log with
 * actor, tenant, action, target, source address and result (S7).
 */
class AdministrationAuditTest extends RunningServer {

    private static final Pattern KEY = Pattern.compile("id=\"api-key\"[^>]*>uk_([0-9a-f]{8})_");

    @Autowired
    AuditSearch search;
    @Autowired
    JdbcClient jdbc;

    @Test
    void tenantAdministrationIsInTheTenantsLog() {
        UUID tenant = newTenant();
        HttpsClient admin = client();
        String actor = "user:" + adminWithMfa(tenant, admin).username();
        Login member = userWithPassword(tenant);
        UUID memberId = userId(member.username());

        admin.post("/roles", "/roles", Map.of("name", "受付", "permissions", List.of("calls:read")));
        UUID role = jdbc.sql("SELECT id FROM custom_roles WHERE tenant_id = ?").param(tenant).query(UUID.class).single();
        admin.post("/roles/" + role, "/roles", Map.of("permissions", List.of("calls:read", "recordings:play")));
        admin.post("/users/" + memberId + "/role", "/users", Map.of("role", "custom:" + role));
        admin.post("/roles/" + role + "/delete", "/roles", Map.of());
        admin.post("/roles", "/roles", Map.of("name", "番号", "permissions", List.of("numbers:manage")));
        admin.post("/users/" + memberId + "/deactivate", "/users", Map.of());
        HttpResponse<String> created = admin.post("/api-keys", "/api-keys",
                Map.of("permissions", List.of("calls:read"), "expiresInDays", "30"));
        Matcher key = KEY.matcher(created.body());
        assertThat(key.find()).isTrue();
        admin.post("/api-keys/" + key.group(1) + "/revoke", "/api-keys", Map.of());

        String user = "user:" + member.username();
        String roleTarget = "role:" + role;
        assertThat(events(actor)).containsSubsequence(
                new AuditEvent(actor, tenant, "role.create", roleTarget, "127.0.0.1", AuditEvent.OK),
                new AuditEvent(actor, tenant, "role.update", roleTarget, "127.0.0.1", AuditEvent.OK),
                new AuditEvent(actor, tenant, "user.role.change", user, "127.0.0.1", AuditEvent.OK),
                new AuditEvent(actor, tenant, "role.delete", roleTarget, "127.0.0.1", AuditEvent.DENIED),
                new AuditEvent(actor, tenant, "role.create", "tenant:" + tenant, "127.0.0.1", AuditEvent.DENIED),
                new AuditEvent(actor, tenant, "user.disable", user, "127.0.0.1", AuditEvent.OK),
                new AuditEvent(actor, tenant, "apikey.create", "apikey:uk_" + key.group(1), "127.0.0.1", AuditEvent.OK),
                new AuditEvent(actor, tenant, "apikey.revoke", "apikey:uk_" + key.group(1), "127.0.0.1", AuditEvent.OK));
    }

    @Test
    void assignmentsAreInThePlatformsAndTheTenantsLogAndRefusalsToo() {
        UUID tenant = newTenant();
        HttpsClient admin = client();
        String actor = "user:" + userWithMfa(null, Role.PLATFORM_ADMIN, admin).username();
        String operator = unique("operator");
        identity.createPlatformUser(operator, Role.OPERATOR);
        Map<String, String> assignment = Map.of("user", userId(operator).toString(), "tenant", tenant.toString());
        HttpsClient member = signedIn(tenant);

        admin.post("/assignments", "/assignments", assignment);
        admin.post("/assignments/remove", "/assignments", assignment);
        member.get("/users");

        assertThat(events(actor)).containsSubsequence(
                new AuditEvent(actor, tenant, "assignment.create", "user:" + operator, "127.0.0.1", AuditEvent.OK),
                new AuditEvent(actor, tenant, "assignment.remove", "user:" + operator, "127.0.0.1", AuditEvent.OK));
        // a refused page is on record, in the refused user's own tenant
        assertThat(search.find(new AuditSearch.Filter(null, tenant, "access.denied", null, null), 0, 10))
                .extracting(e -> e.event().target() + " " + e.event().result()).containsExactly("permission:users:manage denied");
    }

    /** The actor's events, oldest first. */
    private List<AuditEvent> events(String actor) {
        return search.find(new AuditSearch.Filter(actor, null, null, null, null), 0, 1000).reversed().stream()
                .map(AuditSearch.RecordedEvent::event).toList();
    }
}
