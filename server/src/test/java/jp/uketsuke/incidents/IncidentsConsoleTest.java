package jp.uketsuke.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.uketsuke.identity.Role;
import jp.uketsuke.vault.Vault;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The incidents pages against the running server: a security officer opens an incident and contains a user, whose
 * very next request is refused; only a second officer undoes it; other tenants' incidents are not found; hostile forms
 * are refused.
 */
class IncidentsConsoleTest extends RunningServer {

    private static final Pattern INCIDENT = Pattern.compile("/incidents/([0-9a-f-]{36})$");
    private static final Pattern CONTAINMENT = Pattern.compile("name=\"containment\" value=\"([0-9a-f-]{36})\"");

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Vault vault;

    /** A security officer assigned to the tenant, signed in on a fresh client. */
    private HttpsClient officer(UUID tenant) {
        HttpsClient c = client();
        MfaLogin login = userWithMfa(null, Role.SECURITY_OFFICER, c);
        if (tenant != null) {
            identity.assign(login.username(), tenant);
        }
        return c;
    }

    private static Map<String, Object> incidentForm(UUID tenant) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("tenant", tenant.toString());
        form.put("kind", "UNAUTHORISED_ACCESS");
        form.put("title", "管理画面への不正ログイン");
        form.put("known", "鈴木様のアカウントで深夜に通話記録が閲覧された");
        form.put("awareAt", LocalDateTime.now(IncidentDeadlines.TOKYO).minusDays(3).withNano(0).withSecond(0).toString());
        return form;
    }

    private static String open(HttpsClient officer, UUID tenant) {
        HttpResponse<String> made = officer.post("/incidents", "/incidents", incidentForm(tenant));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(302);
        Matcher m = INCIDENT.matcher(made.headers().firstValue("Location").orElseThrow());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void anOfficerOpensAnIncidentAndSeesItsReportClockAndTimeline() {
        UUID tenant = newTenant();
        HttpsClient officer = officer(tenant);

        assertThat(officer.get("/settings").body()).contains("id=\"nav-incidents\"");
        String id = open(officer, tenant);
        HttpResponse<String> page = officer.get("/incidents/" + id);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("管理画面への不正ログイン").contains("鈴木様のアカウントで")
                .contains("不正アクセス").contains("対応中").contains("認知から3日目")
                .contains("提出期限です").contains("id=\"contain-SUSPEND_USER\"").contains("記録を開始");
        assertThat(officer.get("/incidents").body()).contains("/incidents/" + id).contains("管理画面への不正ログイン");
        assertThat(officer.get("/incidents/" + id + "?lang=en").body()).contains("Preliminary report").contains("Due now");
        assertThat(jdbc.sql("select count(*) from audit_events where action = 'incident.read' and target = ?")
                .param("incident:" + id).query(Integer.class).single()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aSuspendedUsersNextRequestIsRefusedAndOnlyASecondOfficerUndoesIt() {
        UUID tenant = newTenant();
        HttpsClient first = officer(tenant);
        HttpsClient second = officer(tenant);
        Login staff = userWithPassword(tenant);
        HttpsClient staffClient = client();
        staffClient.login(staff.username(), staff.password());
        assertThat(staffClient.get("/calls").statusCode()).isEqualTo(200);
        String id = open(first, tenant);

        HttpResponse<String> taken = first.post("/incidents/" + id + "/containments", "/incidents/" + id,
                Map.of("measure", "SUSPEND_USER", "username", staff.username()));
        assertThat(taken.statusCode()).isEqualTo(302);

        HttpResponse<String> refused = staffClient.get("/calls");
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(refused.headers().firstValue("Location").orElse("")).contains("/login");
        assertThat(client().tryLogin(staff.username(), staff.password()).headers().firstValue("Location").orElse(""))
                .as("a suspended user cannot sign in").doesNotEndWith("/calls").doesNotEndWith("/dashboard");
        String page = first.get("/incidents/" + id).body();
        assertThat(page).contains("取り消しは別の担当者が行います").doesNotContain("name=\"containment\"");
        String containment = containmentId(second.get("/incidents/" + id).body());

        HttpResponse<String> ownUndo = first.post("/incidents/" + id + "/undo", "/incidents/" + id, Map.of("containment", containment));
        assertThat(ownUndo.statusCode()).isEqualTo(400);
        assertThat(ownUndo.body()).contains("本人は取り消せません");
        assertThat(enabled(staff.username())).isFalse();

        assertThat(second.post("/incidents/" + id + "/undo", "/incidents/" + id, Map.of("containment", containment))
                .statusCode()).isEqualTo(302);
        assertThat(enabled(staff.username())).isTrue();
        assertThat(second.post("/incidents/" + id + "/undo", "/incidents/" + id, Map.of("containment", containment))
                .statusCode()).as("undone once").isEqualTo(400);
        HttpsClient again = client();
        again.login(staff.username(), staff.password());
        assertThat(again.get("/calls").statusCode()).isEqualTo(200);
        assertThat(second.get("/incidents/" + id).body()).contains("封じ込めを実施").contains("封じ込めを取り消し");
        assertThat(jdbc.sql("select count(*) from audit_events where action in ('incident.contain', 'incident.contain.undo')"
                + " and target = ? and result = 'ok'").param("incident:" + id).query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void endingAUsersSessionsSignsThemOutButLeavesTheAccountEnabled() {
        UUID tenant = newTenant();
        HttpsClient officer = officer(tenant);
        Login staff = userWithPassword(tenant);
        HttpsClient staffClient = client();
        staffClient.login(staff.username(), staff.password());
        String id = open(officer, tenant);

        assertThat(officer.post("/incidents/" + id + "/containments", "/incidents/" + id,
                Map.of("measure", "END_SESSIONS", "username", staff.username())).statusCode()).isEqualTo(302);

        HttpResponse<String> refused = staffClient.get("/calls");
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(refused.headers().firstValue("Location").orElse("")).contains("/login");
        assertThat(enabled(staff.username())).isTrue();
    }

    @Test
    void anotherTenantsIncidentIsNotFoundAndUsersOfOtherTenantsCannotBeContained() {
        UUID tenant = newTenant();
        UUID other = newTenant();
        HttpsClient officer = officer(tenant);
        HttpsClient elsewhere = officer(other);
        Login stranger = userWithPassword(other);
        String id = open(officer, tenant);

        assertThat(elsewhere.get("/incidents/" + id).statusCode()).isEqualTo(404);
        assertThat(elsewhere.get("/incidents").body()).doesNotContain(id);
        assertThat(elsewhere.post("/incidents/" + id + "/notes", "/incidents", Map.of("note", "x")).statusCode()).isEqualTo(404);
        assertThat(elsewhere.post("/incidents/" + id + "/containments", "/incidents",
                Map.of("measure", "NOT_A_MEASURE", "username", "x")).statusCode()).isEqualTo(404);
        assertThat(elsewhere.post("/incidents", "/incidents", incidentForm(tenant)).statusCode()).isEqualTo(404);
        assertThat(officer.get("/incidents/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        assertThat(officer.get("/incidents/nonsense").statusCode()).isIn(400, 404);
        // a user of another tenant is not a target of this tenant's incident
        assertThat(officer.post("/incidents/" + id + "/containments", "/incidents/" + id,
                Map.of("measure", "SUSPEND_USER", "username", stranger.username())).statusCode()).isEqualTo(400);
        assertThat(enabled(stranger.username())).isTrue();
        // a tenant administrator does not hold incidents:manage
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);
        assertThat(admin.get("/incidents").statusCode()).isEqualTo(403);
        assertThat(admin.get("/settings").body()).doesNotContain("nav-incidents");
    }

    @Test
    void hostileFormsAreRefusedAndAClosedIncidentIsReadOnly() {
        UUID tenant = newTenant();
        HttpsClient officer = officer(tenant);
        String id = open(officer, tenant);
        long before = jdbc.sql("select count(*) from incidents").query(Long.class).single();

        assertThat(officer.postWithToken("/incidents", null, incidentForm(tenant)).statusCode()).as("no CSRF token").isEqualTo(403);
        for (Map.Entry<String, String> bad : Map.of("kind", "DATA_BREACH", "title", "x".repeat(121), "known", "",
                "awareAt", "2999-01-01T00:00", "unlawful", "perhaps").entrySet()) {
            Map<String, Object> form = incidentForm(tenant);
            form.put(bad.getKey(), bad.getValue());
            HttpResponse<String> answer = officer.post("/incidents", "/incidents", form);
            assertThat(answer.statusCode()).as(bad.getKey()).isEqualTo(400);
            assertThat(answer.body()).as(bad.getKey()).contains("入力を確認してください");
        }
        for (String awareAt : new String[] {"yesterday", "2026-13-01T00:00", "<script>", "9".repeat(50)}) {
            Map<String, Object> form = incidentForm(tenant);
            form.put("awareAt", awareAt);
            assertThat(officer.post("/incidents", "/incidents", form).statusCode()).as(awareAt).isEqualTo(400);
        }
        assertThat(jdbc.sql("select count(*) from incidents").query(Long.class).single()).isEqualTo(before);
        assertThat(officer.post("/incidents/" + id + "/notes", "/incidents", Map.of("note", "n".repeat(2001))).statusCode())
                .isEqualTo(400);
        assertThat(officer.post("/incidents/" + id + "/containments", "/incidents",
                Map.of("measure", "DELETE_TENANT", "username", "x")).statusCode()).isEqualTo(400);
        assertThat(officer.post("/incidents/" + id + "/undo", "/incidents", Map.of("containment", "nonsense")).statusCode())
                .isEqualTo(400);
        assertThat(officer.post("/incidents/" + id + "/notes", "/incidents", Map.of("note", "<script>alert(1)</script>"))
                .statusCode()).isEqualTo(302);
        assertThat(officer.get("/incidents/" + id).body()).doesNotContain("<script>alert(1)").contains("&lt;script&gt;");

        assertThat(officer.post("/incidents/" + id + "/close", "/incidents", Map.of("cause", "弱いパスワード",
                "prevention", "多要素認証を必須にする")).statusCode()).isEqualTo(302);
        String closed = officer.get("/incidents/" + id).body();
        assertThat(closed).contains("終了しています").contains("弱いパスワード").contains("多要素認証を必須にする")
                .doesNotContain("id=\"contain\"").doesNotContain("id=\"incident-note\"").doesNotContain("id=\"incident-close\"");
        assertThat(officer.post("/incidents/" + id + "/notes", "/incidents", Map.of("note", "late")).statusCode()).isEqualTo(400);
    }

    @Test
    void aDisabledNotificationDestinationStaysDisabledUntilASecondOfficerEnablesIt() {
        UUID tenant = newTenant();
        UUID other = newTenant();
        HttpsClient first = officer(tenant);
        HttpsClient second = officer(tenant);
        UUID destination = destination(tenant);
        UUID foreign = destination(other);
        String id = open(first, tenant);
        assertThat(first.get("/incidents/" + id).body()).contains("id=\"contain-DISABLE_DESTINATION\"")
                .contains(destination.toString()).doesNotContain(foreign.toString());

        assertThat(first.post("/incidents/" + id + "/containments", "/incidents/" + id,
                Map.of("measure", "DISABLE_DESTINATION", "destination", foreign.toString())).statusCode()).isEqualTo(400);
        assertThat(first.post("/incidents/" + id + "/containments", "/incidents/" + id,
                Map.of("measure", "DISABLE_DESTINATION", "destination", "nonsense")).statusCode()).isEqualTo(400);
        assertThat(destinationEnabled(foreign)).isTrue();
        assertThat(first.post("/incidents/" + id + "/containments", "/incidents/" + id,
                Map.of("measure", "DISABLE_DESTINATION", "destination", destination.toString())).statusCode()).isEqualTo(302);
        assertThat(destinationEnabled(destination)).isFalse();

        String containment = containmentId(second.get("/incidents/" + id).body());
        assertThat(first.post("/incidents/" + id + "/undo", "/incidents/" + id, Map.of("containment", containment))
                .statusCode()).isEqualTo(400);
        assertThat(destinationEnabled(destination)).isFalse();
        assertThat(second.post("/incidents/" + id + "/undo", "/incidents/" + id, Map.of("containment", containment))
                .statusCode()).isEqualTo(302);
        assertThat(destinationEnabled(destination)).isTrue();
    }

    /** An e-mail destination of the tenant, written as the notify module writes one. */
    private UUID destination(UUID tenant) {
        UUID id = UUID.randomUUID();
        byte[] address = vault.forTenant(tenant).seal("desk@example.test".getBytes(StandardCharsets.UTF_8),
                "notification-destination:" + id + ":address");
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("""
                insert into notification_destinations (id, tenant_id, kind, name, data_level, address, options, enabled,
                    created_by, created_at, changed_by, changed_at, version)
                values (?, ?, 'EMAIL', ?, 'LINK', ?, '{}', true, 'user:fixture', ?, 'user:fixture', ?, 1)""")
                .params(id, tenant, unique("desk "), address, now, now).update();
        return id;
    }

    private boolean destinationEnabled(UUID id) {
        return jdbc.sql("select enabled from notification_destinations where id = ?").param(id).query(Boolean.class).single();
    }

    private static String containmentId(String page) {
        Matcher m = CONTAINMENT.matcher(page);
        assertThat(m.find()).as("an undo button for the second officer").isTrue();
        return m.group(1);
    }

    private boolean enabled(String username) {
        return jdbc.sql("select enabled from users where username = ?").param(username).query(Boolean.class).single();
    }
}
