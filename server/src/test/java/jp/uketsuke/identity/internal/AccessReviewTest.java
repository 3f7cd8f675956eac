package jp.uketsuke.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.uketsuke.identity.Role;
import jp.uketsuke.web.HttpsClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The access review (S3) over real HTTPS, with GreenMail as the mail server and the lifecycle tests' clock: what the
 * report holds, who may read it, its CSV, the sign-off, and the reminder of an overdue review.
 */
class AccessReviewTest extends LifecycleServer {

    private static final Pattern DIGEST = Pattern.compile("id=\"review-digest\">([0-9a-f]{64})<");
    private static final String PASSWORD = "a long and unusual passphrase 42";

    @Autowired
    AccessReviewReminders reminders;

    @Test
    void aTenantsReviewListsEveryUserWithRoleAssignmentSecondFactorLastSignInTrainingAndEveryApiKey() throws Exception {
        UUID tenant = newTenant();
        User admin = tenantUser(tenant, Role.TENANT_ADMIN);
        UUID reception = customRole(admin, tenant, "受付係", List.of("calls:read"));
        User member = tenantUser(tenant, Role.TENANT_MEMBER);
        giveRole(admin, member.username(), "custom:" + reception);
        String gone = unique("gone");
        identity.createTenantUser(tenant, gone, Role.TENANT_MEMBER);
        identity.disableUser(gone);
        String operator = unique("operator");
        identity.createPlatformUser(operator, Role.OPERATOR);
        identity.assign(operator, tenant);
        String key = identity.createApiKey(tenant, Set.of("calls:read"), CLOCK.instant().plus(Duration.ofDays(30)));
        String prefix = key.substring(3, 11);
        assertThat(client().get("/api/v1/calls", "Authorization", "Bearer " + key).statusCode()).isEqualTo(200);
        LocalDate today = LocalDate.ofInstant(CLOCK.instant(), ZoneId.of("Asia/Tokyo"));
        assertThat(admin.client().post("/training", "/training", Map.of("user", userId(member.username()).toString(),
                "course", "個人情報の取扱い", "completedOn", today.minusDays(1).toString(),
                "expiresOn", today.plusYears(1).toString())).statusCode()).isEqualTo(302);
        User stranger = tenantUser(newTenant(), Role.TENANT_MEMBER);

        HttpResponse<String> page = admin.client().get("/access-review");

        assertThat(page.statusCode()).isEqualTo(200);
        String body = page.body();
        assertThat(admin.client().get("/settings").body()).contains("id=\"nav-access-review\"");
        assertThat(body).contains(tenants.name(tenant).orElseThrow())
                .contains("id=\"review-due\"").doesNotContain("id=\"review-overdue\"").doesNotContain(stranger.username())
                .contains("承認の記録はありません").contains("media=\"print\"");
        assertThat(row(body, "review-users-" + member.username())).contains("受付係").contains("カスタム")
                .contains("calls:read").doesNotContain("recordings:play").contains("未設定").contains("有効")
                .contains(today.plusYears(1) + " まで有効");
        assertThat(row(body, "review-users-" + admin.username())).contains("テナント管理者").contains("設定済み")
                .contains("users:manage").containsPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}").contains("記録なし");
        assertThat(row(body, "review-users-" + gone)).contains("無効").contains("<td class=\"last-login\"></td>");
        assertThat(row(body, "review-assigned-" + operator)).contains("オペレーター").contains("transcripts:unredacted")
                .contains(tenants.name(tenant).orElseThrow());
        assertThat(row(body, "review-key-" + prefix)).contains("uk_" + prefix).contains("calls:read").contains(">有効<")
                .containsPattern("class=\"last-used\">\\d{4}-");
        assertThat(auditCount("access-review.view", "tenant:" + tenant, "ok")).isEqualTo(1);

        HttpResponse<byte[]> download = admin.client().getBytes("/access-review/export.csv");

        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(download.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
        byte[] bytes = download.body();
        assertThat(Arrays.copyOf(bytes, 3)).isEqualTo(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        byte[] content = Arrays.copyOfRange(bytes, 3, bytes.length);
        String csv = new String(content, StandardCharsets.UTF_8);
        assertThat(csv).startsWith("\"section\",\"name\",\"role\",\"role_type\",\"permissions\",\"assignments\",\"mfa\","
                + "\"last_login\",\"state\",\"training_valid_until\",\"expires_at\",\"last_used_at\"\r\n");
        assertThat(csv).containsPattern("\"user\",\"" + member.username() + "\",\"受付係\",\"custom\",\"calls:read\",,\"none\","
                + "\"\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\",\"enabled\",\"" + today.plusYears(1) + "\",,\r\n");
        assertThat(csv).contains("\"user\",\"" + gone + "\",\"TENANT_MEMBER\",\"built-in\",\"calls:read recordings:play\",,"
                + "\"none\",,\"disabled\",\"none\",,\r\n");
        assertThat(csv).containsPattern("\"assigned_platform_user\",\"" + operator + "\",\"OPERATOR\",\"built-in\","
                + "\"calls:read recordings:play transcripts:unredacted screening:train\",\"" + Pattern.quote(tenants.name(tenant).orElseThrow())
                + " \\(system, [^\"]+\\)\",\"none\",,\"enabled\",\"none\",,\r\n");
        assertThat(csv).containsPattern("\"api_key\",\"uk_" + prefix + "\",,,\"calls:read\",,,,\"active\",,\"\\d{4}[^\"]+\","
                + "\"\\d{4}[^\"]+\"\r\n");
        assertThat(csv).doesNotContain(stranger.username()).doesNotContain(key.substring(12));
        assertThat(auditCount("access-review.export", "tenant:" + tenant, "ok")).isEqualTo(1);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)))
                .as("the page's digest is that of the CSV without its byte-order mark").isEqualTo(digest(body));
    }

    @Test
    void anotherTenantsReviewIsNotFoundAndOnlyReviewersMayReadOne() {
        UUID tenant = newTenant();
        User admin = tenantUser(tenant, Role.TENANT_ADMIN);
        User member = tenantUser(tenant, Role.TENANT_MEMBER);
        User otherAdmin = tenantUser(newTenant(), Role.TENANT_ADMIN);
        User auditor = platformUser(Role.AUDITOR);
        String digest = digest(admin.client().get("/access-review").body());

        for (User outsider : List.of(otherAdmin, auditor)) {
            HttpResponse<String> page = outsider.client().get("/access-review?tenant=" + tenant);
            assertThat(page.statusCode()).isEqualTo(404);
            assertThat(page.body()).doesNotContain(member.username());
            assertThat(outsider.client().get("/access-review/export.csv?tenant=" + tenant).statusCode()).isEqualTo(404);
            assertThat(outsider.client().post("/access-review/sign-off", "/access-review",
                    Map.of("tenant", tenant.toString(), "digest", digest)).statusCode()).isEqualTo(404);
        }
        assertThat(otherAdmin.client().get("/access-review?tenant=not-a-tenant").statusCode()).isEqualTo(404);
        assertThat(member.client().get("/access-review").statusCode()).isEqualTo(403);
        assertThat(member.client().get("/access-review/export.csv").statusCode()).isEqualTo(403);
        assertThat(member.client().get("/settings").body()).doesNotContain("nav-access-review");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM access_review_signoffs WHERE scope_id = ?").param(tenant)
                .query(Long.class).single()).isZero();
        HttpResponse<String> platform = auditor.client().get("/access-review");
        assertThat(platform.statusCode()).as("an auditor reviews the platform").isEqualTo(200);
        assertThat(platform.body()).contains("プラットフォームの利用者").contains(auditor.username())
                .doesNotContain(admin.username());
    }

    @Test
    void cellsASpreadsheetWouldRunAsFormulasAreDefusedInTheCsv() {
        UUID tenant = tenants.create("=HYPERLINK(\"https://evil.example\",\"x\")", "ja");
        User admin = tenantUser(tenant, Role.TENANT_ADMIN);
        List<String> names = List.of("=1+1", "+cmd|' /C calc'!A0", "-2", "@SUM(A1)", "a \"quoted\", name");
        for (String name : names) {
            User holder = tenantUser(tenant, Role.TENANT_MEMBER);
            giveRole(admin, holder.username(), "custom:" + customRole(admin, tenant, name, List.of("calls:read")));
        }
        String operator = unique("operator");
        identity.createPlatformUser(operator, Role.OPERATOR);
        identity.assign(operator, tenant);

        String csv = new String(admin.client().getBytes("/access-review/export.csv").body(), StandardCharsets.UTF_8);

        assertThat(csv).contains(",\"'=1+1\",").contains(",\"'+cmd|' /C calc'!A0\",").contains(",\"'-2\",")
                .contains(",\"'@SUM(A1)\",").contains(",\"a \"\"quoted\"\", name\",")
                .contains(",\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"x\"\") (system, ");
        assertThat(csv.lines().skip(1).flatMap(line -> cells(line).stream()))
                .as("no cell begins with a formula character").isNotEmpty()
                .noneMatch(cell -> !cell.isEmpty() && "=+-@".indexOf(cell.charAt(0)) >= 0);
    }

    @Test
    void aSignOffRecordsTheReviewerTimeCommentAndTheDigestOfTheReportTheySawAndIsAudited() {
        UUID tenant = newTenant();
        User admin = tenantUser(tenant, Role.TENANT_ADMIN);
        tenantUser(tenant, Role.TENANT_MEMBER);
        String digest = digest(admin.client().get("/access-review").body());
        String comment = "退職者なし。山田さんの権限を確認済み";

        HttpResponse<String> signed = admin.client().post("/access-review/sign-off", "/access-review",
                Map.of("digest", digest, "comment", comment));

        assertThat(location(signed)).endsWith("/access-review?signed");
        String page = admin.client().get("/access-review?signed").body();
        assertThat(page).contains("承認を記録しました").contains("user:" + admin.username()).contains(comment)
                .contains("承認のあと、アクセスは変わっていません").contains("id=\"review-due\"");
        assertThat(between(page, "id=\"last-sign-off\"", "</dd>")).contains(digest);
        var stored = jdbc.sql("SELECT reviewer, report_sha256, sealed_comment, signed_at FROM access_review_signoffs WHERE scope_id = ?")
                .param(tenant).query((rs, n) -> List.of(rs.getString(1), rs.getString(2),
                        HexFormat.of().formatHex(rs.getBytes(3)),
                        rs.getTimestamp(4).toInstant().truncatedTo(ChronoUnit.MILLIS).toString())).single();
        assertThat(stored.get(0)).isEqualTo("user:" + admin.username());
        assertThat(stored.get(1)).isEqualTo(digest);
        assertThat(stored.get(2)).as("the comment is sealed").doesNotContain(
                HexFormat.of().formatHex("山田".getBytes(StandardCharsets.UTF_8)));
        assertThat(Instant.parse(stored.get(3))).isEqualTo(CLOCK.instant().truncatedTo(ChronoUnit.MILLIS));
        assertThat(auditCount("access-review.sign-off", "tenant:" + tenant, "ok")).isEqualTo(1);

        // access changes while a reviewer reads: a sign-off of what they read no longer matches
        identity.createTenantUser(tenant, unique("late"), Role.TENANT_MEMBER);
        HttpResponse<String> stale = admin.client().post("/access-review/sign-off", "/access-review", Map.of("digest", digest));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("開き直して");
        assertThat(auditCount("access-review.sign-off", "tenant:" + tenant, "denied")).isEqualTo(1);
        assertThat(admin.client().get("/access-review").body()).contains("承認のあとにアクセスが変わっています");
        String fresh = digest(admin.client().get("/access-review").body());
        for (Map<String, String> bad : List.of(Map.of("digest", "abc"), Map.of("digest", fresh.toUpperCase()),
                Map.of("digest", fresh, "comment", "x".repeat(1001)), Map.of("digest", fresh, "comment", "bell\u0007"))) {
            assertThat(admin.client().post("/access-review/sign-off", "/access-review", bad).statusCode()).as(bad.toString())
                    .isEqualTo(400);
        }
        assertThat(admin.client().post("/access-review/sign-off", null, Map.of("digest", fresh)).statusCode())
                .as("no CSRF token").isEqualTo(403);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM access_review_signoffs WHERE scope_id = ?").param(tenant)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anOverdueReviewIsShownAndItsAdministratorsRemindedOncePerPeriod() throws Exception {
        UUID tenant = newTenant();
        User founder = tenantUser(tenant, Role.TENANT_ADMIN);
        String email = address("kanri");
        String adminName = unique("kanri");
        invite(founder.client(), email, adminName, Role.TENANT_ADMIN);
        Joined joined = join(invitationPath(email), PASSWORD);
        User admin = new User(adminName, PASSWORD, enrol(joined.client()), joined.client());

        assertThat(reminders.remindOverdue()).doesNotContain(adminName);
        assertThat(admin.client().get("/access-review").body()).contains("id=\"review-due\"");

        CLOCK.advance(Duration.ofDays(93));
        assertThat(reminders.remindOverdue()).contains(adminName).doesNotContain(founder.username());

        assertThat(mailsTo(email)).hasSize(2);
        var reminder = mailsTo(email).get(1);
        assertThat(reminder.getSubject()).contains("アクセスレビュー").contains("Access review");
        assertThat(body(reminder)).contains(tenants.name(tenant).orElseThrow()).contains("承認の記録はありません")
                .contains("never signed off").contains("/access-review");
        assertThat(auditCount("access-review.reminder", "user:" + adminName, "ok")).isEqualTo(1);
        assertThat(admin.client().get("/access-review").body()).contains("id=\"review-overdue\"");
        assertThat(reminders.remindOverdue()).as("once per period").doesNotContain(adminName);
        CLOCK.advance(Duration.ofDays(1));
        assertThat(reminders.remindOverdue()).doesNotContain(adminName);
        assertThat(mailsTo(email)).hasSize(2);

        CLOCK.advance(Duration.ofDays(92));
        assertThat(reminders.remindOverdue()).as("still overdue a period later").contains(adminName);
        assertThat(mailsTo(email)).hasSize(3);

        String digest = digest(admin.client().get("/access-review").body());
        assertThat(location(admin.client().post("/access-review/sign-off", "/access-review", Map.of("digest", digest))))
                .endsWith("?signed");
        assertThat(admin.client().get("/access-review").body()).doesNotContain("id=\"review-overdue\"");
        CLOCK.advance(Duration.ofDays(80));
        assertThat(reminders.remindOverdue()).doesNotContain(adminName);
        CLOCK.advance(Duration.ofDays(13));
        assertThat(reminders.remindOverdue()).as("three months after the sign-off").contains(adminName);
        assertThat(mailsTo(email)).hasSize(4);
        assertThat(body(mailsTo(email).get(3))).doesNotContain("never signed off");
    }

    @Test
    void aSecurityOfficerReviewsThePlatformWithItsAssignmentsAndIsRemindedWhenItIsOverdue() {
        User platformAdmin = platformAdmin();
        String email = address("officer");
        String officerName = unique("officer");
        invite(platformAdmin.client(), email, officerName, Role.SECURITY_OFFICER);
        Joined joined = join(invitationPath(email), PASSWORD);
        User officer = new User(officerName, PASSWORD, enrol(joined.client()), joined.client());
        UUID tenant = newTenant();
        String operator = unique("operator");
        identity.createPlatformUser(operator, Role.OPERATOR);
        identity.assign(operator, tenant);

        String page = officer.client().get("/access-review").body();

        assertThat(row(page, "review-users-" + operator)).contains("オペレーター").contains(tenants.name(tenant).orElseThrow());
        assertThat(row(page, "review-users-" + officerName)).contains("セキュリティ責任者").contains("設定済み");
        assertThat(page).doesNotContain("id=\"review-keys\"").doesNotContain("id=\"review-assigned\"");
        assertThat(location(officer.client().post("/access-review/sign-off", "/access-review",
                Map.of("digest", digest(page), "comment", "四半期レビュー")))).endsWith("/access-review?signed");
        assertThat(auditCount("access-review.sign-off", "platform", "ok")).isPositive();

        CLOCK.advance(Duration.ofDays(93));
        assertThat(reminders.remindOverdue()).contains(officerName);
        assertThat(body(mailsTo(email).getLast())).contains("受付プラットフォーム").doesNotContain("never signed off");
        assertThat(reminders.remindOverdue()).doesNotContain(officerName);
    }

    /** A custom role made by the tenant's administrator on the roles page. */
    private UUID customRole(User admin, UUID tenant, String name, List<String> permissions) {
        assertThat(admin.client().post("/roles", "/roles", Map.of("tenant", tenant.toString(), "name", name,
                "permissions", permissions)).statusCode()).isEqualTo(302);
        return jdbc.sql("SELECT id FROM custom_roles WHERE tenant_id = ? AND name = ?").params(tenant, name)
                .query(UUID.class).single();
    }

    private void giveRole(User admin, String username, String role) {
        assertThat(admin.client().post("/users/" + userId(username) + "/role", "/users", Map.of("role", role))
                .statusCode()).isEqualTo(302);
    }

    private UUID userId(String username) {
        return jdbc.sql("SELECT id FROM users WHERE username = ?").param(username).query(UUID.class).single();
    }

    private static String digest(String page) {
        Matcher m = DIGEST.matcher(page);
        if (!m.find()) {
            throw new AssertionError("no digest on the review page");
        }
        return m.group(1);
    }

    /** The table row with this id. */
    private static String row(String page, String id) {
        Matcher m = Pattern.compile("<tr [^>]*id=\"" + Pattern.quote(id) + "\"[^>]*>.*?</tr>", Pattern.DOTALL).matcher(page);
        if (!m.find()) {
            throw new AssertionError("no row " + id);
        }
        return m.group();
    }

    /** The cells of one CSV line (quoted or empty, as the export writes them), unquoted. */
    private static List<String> cells(String line) {
        Matcher m = Pattern.compile("(?:^|,)(?:\"((?:[^\"]|\"\")*)\"|([^,\"]*))").matcher(line);
        List<String> cells = new ArrayList<>();
        while (m.find()) {
            cells.add(m.group(1) != null ? m.group(1).replace("\"\"", "\"") : m.group(2));
        }
        return cells;
    }

    private static String between(String text, String from, String to) {
        int start = text.indexOf(from);
        return start < 0 ? "" : text.substring(start, text.indexOf(to, start));
    }
}
