package jp.uketsuke.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The proof of S8 over real HTTPS: a user (or API key) without {@code transcripts:unredacted} sees masked numbers on
 * the call page, in the API and in the CSV export; one with it sees them whole. And the export's bad input.
 */
class MaskedForWhoeverMayNotSeeTest extends RunningServer {

    static final String SAID = "折り返しは080-2345-6789、メールは hanako@example.jp、カードは4111 1111 1111 1111 です。";
    /** What must never reach a viewer without the permission, in any form the page, JSON or CSV writes it. */
    static final List<String> WHOLE = List.of("080-2345-6789", "2345-6789", "hanako@example.jp", "4111 1111 1111 1111");

    @Autowired
    JdbcClient jdbc;

    UUID tenant;
    UUID call;

    @BeforeEach
    void aCallWithPersonalData() {
        tenant = newTenant();
        call = call(tenant, SAID, "お電話ありがとうございます");
    }

    @Test
    void aMemberSeesMaskedNumbersOnTheCallPageAndMayNotExport() {
        HttpsClient member = signedIn(tenant);

        String page = member.get("/calls/" + call).body();

        assertThat(page).contains("折り返しは[電話番号 ****-6789]、メールは [メールアドレス]、カードは[カード番号 ****-1111] です。")
                .contains("id=\"redaction-note\"");
        WHOLE.forEach(whole -> assertThat(page).doesNotContain(whole));
        assertThat(member.get("/calls").body()).doesNotContain("calls-export");
        assertThat(member.get("/calls/export.csv?tenant=" + tenant).statusCode()).isEqualTo(403);
    }

    @Test
    void anAdministratorSeesTheWordsWholeAndExportsThemWhole() {
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);

        String page = admin.get("/calls/" + call).body();
        assertThat(page).contains(SAID).doesNotContain("redaction-note");
        assertThat(admin.get("/calls?tenant=" + tenant).body()).contains("id=\"calls-export\"");

        HttpResponse<byte[]> csv = admin.getBytes("/calls/export.csv?tenant=" + tenant);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Uketsuke-Export-Redacted")).contains("false");
        assertThat(new String(csv.body(), StandardCharsets.UTF_8)).contains(SAID).contains("090-****-5678");
    }

    @Test
    void aClerkWhoMayExportButNotSeeUnredactedGetsAMaskedCsvForExcel() {
        HttpsClient clerk = userWithRole(List.of(Permissions.CALLS_READ, Permissions.CALLS_EXPORT));

        assertThat(clerk.get("/calls/" + call).body()).contains("[電話番号 ****-6789]");
        assertThat(clerk.get("/calls?tenant=" + tenant).body()).contains("id=\"calls-export\"").contains("name=\"from\"");
        HttpResponse<byte[]> response = clerk.getBytes("/calls/export.csv?tenant=" + tenant);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(response.headers().firstValue("Content-Disposition")).hasValueSatisfying(d ->
                assertThat(d).startsWith("attachment; filename=\"uketsuke-calls-").endsWith(".csv\""));
        assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        assertThat(response.headers().firstValue("Uketsuke-Export-Redacted")).contains("true");
        byte[] bytes = response.body();
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF); // the byte-order mark Excel needs for UTF-8
        String csv = new String(bytes, StandardCharsets.UTF_8);
        assertThat(csv).contains("折り返しは[電話番号 ****-6789]、メールは [メールアドレス]、カードは[カード番号 ****-1111] です。")
                .contains("\"090-****-5678\"").contains("\"MESSAGE_TAKEN\"");
        WHOLE.forEach(whole -> assertThat(csv).doesNotContain(whole));

        assertThat(jdbc.sql("select target from audit_events where tenant_id = ? and action = 'call.export' and result = 'ok'")
                .param(tenant).query(String.class).list()).singleElement().asString().startsWith("tenant:" + tenant + " calls:1 ");
    }

    @Test
    void badExportRequestsAreRefusedClearly() {
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);
        UUID other = newTenant();
        String today = LocalDate.now(ZoneId.of("Asia/Tokyo")).toString();

        for (String query : List.of("from=yesterday", "from=2026-13-01", "to=2026-02-30", "from=" + today + "&to=2020-01-01",
                "from=2020-01-01&to=" + today, "limit=0", "limit=-5", "limit=10001", "limit=99999999999999999999", "limit=abc",
                "from=%00", "to=+999999999-12-31")) {
            HttpResponse<String> response = admin.get("/calls/export.csv?tenant=" + tenant + "&" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.body()).as(query).doesNotContain(SAID).doesNotContain("Exception");
        }
        assertThat(admin.get("/calls/export.csv?tenant=" + other).statusCode()).isEqualTo(404);
        assertThat(admin.get("/calls/export.csv?tenant=not-a-tenant").statusCode()).isEqualTo(404);
        assertThat(admin.get("/calls/export.csv?tenant=" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from audit_events where tenant_id = ? and action like 'call.export%' and result = 'ok'")
                .param(tenant).query(Long.class).single()).isZero();
    }

    @Test
    void theApiMasksForAKeyWithoutTranscriptsUnredacted() {
        String reader = identity.createApiKey(tenant, Set.of(Permissions.CALLS_READ), null);
        String trusted = identity.createApiKey(tenant, Set.of(Permissions.CALLS_READ, Permissions.TRANSCRIPTS_UNREDACTED), null);

        String masked = api("/api/v1/calls/" + call, reader).body();
        assertThat(masked).contains("[電話番号 ****-6789]").contains("\"redacted\":true");
        WHOLE.forEach(whole -> assertThat(masked).doesNotContain(whole));

        assertThat(api("/api/v1/calls/" + call, trusted).body()).contains(SAID).contains("\"redacted\":false");
    }

    @Test
    void theApiExportIsMaskedForAKeyWithoutTranscriptsUnredacted() {
        String exporter = identity.createApiKey(tenant, Set.of(Permissions.CALLS_EXPORT), null);
        String trusted = identity.createApiKey(tenant, Set.of(Permissions.CALLS_EXPORT, Permissions.TRANSCRIPTS_UNREDACTED), null);
        String reader = identity.createApiKey(tenant, Set.of(Permissions.CALLS_READ), null);

        HttpResponse<String> masked = api("/api/v1/calls/export.csv", exporter);
        assertThat(masked.statusCode()).isEqualTo(200);
        assertThat(masked.body()).startsWith("\uFEFF\"started_at_jst\"").contains("[電話番号 ****-6789]");
        WHOLE.forEach(whole -> assertThat(masked.body()).doesNotContain(whole));
        assertThat(api("/api/v1/calls/export.csv", trusted).body()).contains(SAID);
        assertThat(api("/api/v1/calls/export.csv", reader).statusCode()).isEqualTo(403);

        for (String query : List.of("?from=bad", "?to=2026-02-30", "?from=2030-01-01&to=2029-01-01", "?limit=1000000", "?limit=0")) {
            HttpResponse<String> refused = api("/api/v1/calls/export.csv" + query, exporter);
            assertThat(refused.statusCode()).as(query).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).as(query)
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(refused.body()).as(query).startsWith("{\"error\":\"").doesNotContain(SAID);
        }
    }

    private HttpResponse<String> api(String path, String key) {
        return client().get(path, "Authorization", "Bearer " + key);
    }

    /** A user of the tenant holding a custom role with these permissions, made by its administrator in the console. */
    private HttpsClient userWithRole(List<String> permissions) {
        HttpsClient admin = client();
        adminWithMfa(tenant, admin);
        String name = unique("clerks ");
        assertThat(admin.post("/roles", "/roles?tenant=" + tenant,
                Map.of("tenant", tenant.toString(), "name", name, "permissions", permissions)).statusCode()).isEqualTo(302);
        UUID role = jdbc.sql("SELECT id FROM custom_roles WHERE tenant_id = ? AND name = ?").params(tenant, name)
                .query(UUID.class).single();
        Login login = userWithPassword(tenant);
        assertThat(admin.post("/users/" + userId(login.username()) + "/role", "/users?tenant=" + tenant,
                Map.of("role", "custom:" + role)).statusCode()).isEqualTo(302);
        HttpsClient c = client();
        c.login(login.username(), login.password());
        return c;
    }
}
