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
import jp.uketsuke.identity.Role;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The operation log in the console: platform readers browse and export platform events and their assigned tenants'
 * events; a tenant administrator their own tenant's only. Runs on a database of its own, because it enrols the one
 * platform administrator's second factor, which other web tests sharing the usual server enrol too.
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
        identity.assign(IdentityAdmin.PLATFORM_ADMIN, tenant);

        HttpResponse<String> page = admin().get("/audit?tenant=" + tenant + "&actor=anonymous");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("user:" + staff.username()).contains("拒否")
                .doesNotContain("password.change");
        HttpResponse<String> all = admin().get("/audit?tenant=" + tenant);
        assertThat(all.body()).contains("password.change").contains("パスワードを変更");
        List<Long> seqs = Pattern.compile("<tr class=\"audit-event\">\\s*<td>(\\d+)</td>").matcher(all.body()).results()
                .map(m -> Long.parseLong(m.group(1))).toList();
        assertThat(seqs).hasSizeGreaterThanOrEqualTo(5).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(admin().get("/audit?from=not-a-date").statusCode()).isEqualTo(400);
    }

    @Test
    void theCsvExportIsItselfAnAuditedEvent() {
        UUID tenant = newTenant();
        userWithPassword(tenant);
        identity.assign(IdentityAdmin.PLATFORM_ADMIN, tenant);
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
    void aTenantAdminReadsAndExportsOnlyTheirOwnTenantsEvents() {
        UUID tenant = newTenant();
        UUID other = newTenant();
        Login mine = userWithPassword(tenant);
        Login theirs = userWithPassword(other);
        HttpsClient tenantAdmin = client();
        adminWithMfa(tenant, tenantAdmin);
        admin(); // a platform event: the platform administrator's sign-in

        HttpResponse<String> page = tenantAdmin.get("/audit");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("user:" + mine.username()).doesNotContain("user:" + theirs.username())
                .doesNotContain("user:" + IdentityAdmin.PLATFORM_ADMIN);
        assertThat(tenantAdmin.get("/settings").body()).contains("id=\"nav-audit\"");
        assertThat(tenants(page.body())).containsOnly(tenantName(tenant));
        assertThat(tenantAdmin.get("/audit?tenant=" + other).statusCode()).isEqualTo(404);
        assertThat(tenantAdmin.get("/audit/export.csv?tenant=" + other).statusCode()).isEqualTo(404);

        String csv = new String(tenantAdmin.getBytes("/audit/export.csv").body(), StandardCharsets.UTF_8);
        assertThat(csv).contains("\"user:" + mine.username() + "\"").doesNotContain(theirs.username())
                .doesNotContain(other.toString());
        assertThat(csv.lines().skip(1)).allSatisfy(line -> assertThat(line).contains("\"" + tenant + "\""));
    }

    @Test
    void aPlatformReaderSeesPlatformEventsAndAssignedTenantsOnly() {
        UUID assigned = newTenant();
        UUID unassigned = newTenant();
        Login inAssigned = userWithPassword(assigned);
        Login inUnassigned = userWithPassword(unassigned);
        HttpsClient auditor = client();
        MfaLogin login = userWithMfa(null, Role.AUDITOR, auditor);
        identity.assign(login.username(), assigned);

        HttpResponse<String> page = auditor.get("/audit");
        assertThat(page.statusCode()).isEqualTo(200);
        // the auditor's own sign-in is a platform event
        assertThat(page.body()).contains("user:" + inAssigned.username()).contains("user:" + login.username())
                .doesNotContain("user:" + inUnassigned.username());
        assertThat(tenants(page.body())).containsOnly(tenantName(assigned));
        assertThat(auditor.get("/audit?tenant=" + unassigned).statusCode()).isEqualTo(404);
        assertThat(auditor.get("/audit?tenant=" + assigned).body()).contains("user:" + inAssigned.username());
        String csv = new String(auditor.getBytes("/audit/export.csv").body(), StandardCharsets.UTF_8);
        assertThat(csv).contains(assigned.toString()).doesNotContain(unassigned.toString())
                .doesNotContain(inUnassigned.username());
    }

    /** The tenant names in the log's table. */
    private static List<String> tenants(String page) {
        return Pattern.compile("<td class=\"tenant\">([^<]*)</td>").matcher(page).results()
                .map(m -> m.group(1)).filter(name -> !name.isEmpty()).distinct().toList();
    }

    private String tenantName(UUID tenant) {
        return tenants.name(tenant).orElseThrow();
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
