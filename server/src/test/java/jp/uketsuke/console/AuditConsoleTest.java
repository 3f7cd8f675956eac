package jp.uketsuke.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.uketsuke.audit.AuditSearch;
import jp.uketsuke.identity.IdentityAdmin;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The operation log in the console: platform administrators browse and export it; tenant administrators cannot.
 * Runs on a database of its own, because it enrols the one platform administrator's second factor, which other
 * web tests sharing the usual server enrol too.
 */
class AuditConsoleTest extends RunningServer {

    private static final Path OWN_DATABASE = ownDatabaseDir();
    /** The one platform administrator, signed in once per run: the second factor cannot be enrolled twice. */
    private static HttpsClient admin;

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + OWN_DATABASE.resolve("uketsuke") + ";LOCK_TIMEOUT=10000");
    }

    private static Path ownDatabaseDir() {
        try {
            return Files.createTempDirectory("uketsuke-audit-console-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Autowired
    AuditSearch search;

    @Test
    void aPlatformAdminFiltersTheLogNewestFirst() {
        UUID tenant = newTenant();
        Login staff = userWithPassword(tenant);
        HttpsClient c = client();
        c.tryLogin(staff.username(), "wrong password, twelve chars");
        c.login(staff.username(), staff.password());

        HttpResponse<String> page = admin().get("/audit?tenant=" + tenant + "&actor=anonymous");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("user:" + staff.username()).contains("denied")
                .doesNotContain("password.change");
        HttpResponse<String> all = admin().get("/audit?tenant=" + tenant);
        assertThat(all.body()).contains("password.change").contains("id=\"nav-audit\"");
        List<Long> seqs = Pattern.compile("<tr class=\"audit-event\">\\s*<td>(\\d+)</td>").matcher(all.body()).results()
                .map(m -> Long.parseLong(m.group(1))).toList();
        assertThat(seqs).hasSizeGreaterThanOrEqualTo(5).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(admin().get("/audit?from=not-a-date").statusCode()).isEqualTo(400);
    }

    @Test
    void theCsvExportIsItselfAnAuditedEvent() {
        UUID tenant = newTenant();
        userWithPassword(tenant);
        int exportsBefore = exports().size();

        HttpResponse<byte[]> csv = admin().getBytes("/audit/export.csv?tenant=" + tenant);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        String text = new String(csv.body(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFFseq,occurred_at,actor,tenant_id,action,target,source_address,result\r\n")
                .contains("\"user.create\"").contains("\"" + tenant + "\"");
        List<AuditSearch.RecordedEvent> exports = exports();
        assertThat(exports).hasSize(exportsBefore + 1);
        assertThat(exports.getFirst().event().actor()).isEqualTo("user:" + IdentityAdmin.PLATFORM_ADMIN);
        assertThat(exports.getFirst().event().tenantId()).isEqualTo(tenant);
    }

    @Test
    void aTenantAdminMayNeitherSeeNorExportTheLog() {
        UUID tenant = newTenant();
        HttpsClient tenantAdmin = client();
        adminWithMfa(tenant, tenantAdmin);
        int exportsBefore = exports().size();

        HttpResponse<String> page = tenantAdmin.get("/audit");
        assertThat(page.statusCode()).isIn(403, 404);
        assertThat(page.body()).doesNotContain("audit-event");
        assertThat(tenantAdmin.get("/audit/export.csv").statusCode()).isIn(403, 404);
        assertThat(tenantAdmin.get("/calls").body()).doesNotContain("nav-audit");
        assertThat(exports()).hasSize(exportsBefore);
    }

    private List<AuditSearch.RecordedEvent> exports() {
        return search.find(new AuditSearch.Filter(null, null, "audit.export", null, null), 0, 10_000);
    }

    private synchronized HttpsClient admin() {
        if (admin == null) {
            String oneTime = identity.resetPassword(IdentityAdmin.PLATFORM_ADMIN);
            HttpsClient c = client();
            c.login(IdentityAdmin.PLATFORM_ADMIN, oneTime);
            c.changePassword(oneTime, "keeper of the operation log " + UUID.randomUUID());
            c.enrolMfa();
            admin = c;
        }
        return admin;
    }
}
