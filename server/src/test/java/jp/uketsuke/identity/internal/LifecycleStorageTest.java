package jp.uketsuke.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.config.Database;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Role;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.vault.CiphertextRejectedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The account lifecycle's storage on H2 and PostgreSQL, wired by hand on a fresh database with a real SMTP server:
 * the dormant-account job with the clock moved, training dates, policies and sealed e-mail addresses.
 */
@ParameterizedClass
@EnumSource(Database.class)
class LifecycleStorageTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

    @Parameter
    Database database;
    @TempDir
    Path dataDir;

    private DataFixture data;
    private UserAccounts accounts;
    private UserEmails emails;
    private DormantAccounts dormant;
    private SecurityPolicies policies;
    private TrainingRecords training;
    private TrainingGate gate;
    private ActiveSessions sessions;
    private AccountMails mails;
    private IdentityProperties properties;

    @BeforeEach
    void start() {
        data = DataFixture.start(database, dataDir);
        accounts = new UserAccounts(data.jdbc);
        AccountCiphers ciphers = new AccountCiphers(data.vault);
        emails = new UserEmails(data.jdbc, ciphers);
        sessions = new ActiveSessions(data.clock, Duration.ofDays(1000), Duration.ofDays(1000));
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(SMTP.getSmtp().getPort());
        sender.setDefaultEncoding("UTF-8");
        properties = new IdentityProperties(null, null, null, null, "uketsuke@uketsuke.test", null, null);
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        mails = new AccountMails(new SmtpOutgoingMail(Optional.of(sender), properties), messages);
        dormant = new DormantAccounts(data.jdbc, sessions, emails, mails, data.tenants, data.audit, properties, data.clock);
        policies = new SecurityPolicies(data.jdbc, data.clock);
        training = new TrainingRecords(data.jdbc, data.clock);
        gate = new TrainingGate(policies, training, data.clock);
    }

    @AfterEach
    void stop() throws Exception {
        data.close();
    }

    private UserAccount user(String username, UUID tenant, Role role) {
        UserAccount account = new UserAccount(UUID.randomUUID(), username, "$argon2id$not-used-here", tenant, role, false,
                true, data.clock.instant(), null);
        accounts.insert(account);
        return account;
    }

    private boolean enabled(String username) {
        return accounts.find(username).orElseThrow().enabled();
    }

    @Test
    void dormantAccountsAreDisabledAfterNinetyDaysAndEachScopesAdministratorsAreTold() {
        UUID tenant = data.tenants.create("株式会社テスト", "ja");
        UserAccount admin = user("kanri", tenant, Role.TENANT_ADMIN);
        emails.set(admin.id(), tenant, "kanri@example.test");
        user("never", tenant, Role.TENANT_MEMBER);
        user("active", tenant, Role.TENANT_MEMBER);
        UserAccount platformAdmin = user("padmin", null, Role.PLATFORM_ADMIN);
        emails.set(platformAdmin.id(), null, "padmin@example.test");
        user("operator", null, Role.OPERATOR);
        String session = sessions.open("active", "127.0.0.1");
        accounts.recordLogin("active", data.clock.instant());

        data.clock.advance(Duration.ofDays(89));
        accounts.recordLogin("kanri", data.clock.instant());
        accounts.recordLogin("padmin", data.clock.instant());
        assertThat(dormant.disableDormant()).isEmpty();
        data.clock.advance(Duration.ofDays(2));

        assertThat(dormant.disableDormant()).containsExactlyInAnyOrder("never", "active", "operator");

        assertThat(enabled("never")).isFalse();
        assertThat(enabled("active")).isFalse();
        assertThat(enabled("kanri")).isTrue();
        assertThat(enabled("padmin")).isTrue();
        assertThat(sessions.touch(session, "active", "127.0.0.1")).as("their sessions end").isEmpty();
        MimeMessage[] mails = SMTP.getReceivedMessages();
        assertThat(mails).hasSize(2);
        String tenantNotice = Arrays.stream(mails).filter(m -> to(m).equals("kanri@example.test")).map(LifecycleStorageTest::body)
                .findFirst().orElseThrow();
        assertThat(tenantNotice).contains("株式会社テスト").contains("never").contains("active").doesNotContain("operator");
        String platformNotice = Arrays.stream(mails).filter(m -> to(m).equals("padmin@example.test"))
                .map(LifecycleStorageTest::body).findFirst().orElseThrow();
        assertThat(platformNotice).contains("operator").doesNotContain("never");
        assertThat(audit("account.dormant-disabled")).isEqualTo(3);
        assertThat(audit("account.dormant-notice")).isEqualTo(2);

        assertThat(dormant.disableDormant()).isEmpty();
        assertThat(SMTP.getReceivedMessages()).hasSize(2);
    }

    @Test
    void theLastEnabledPlatformAdministratorIsKept() {
        user("only-admin", null, Role.PLATFORM_ADMIN);
        user("second-admin", null, Role.PLATFORM_ADMIN);
        data.clock.advance(Duration.ofDays(91));

        assertThat(dormant.disableDormant()).hasSize(1);

        assertThat(enabled("only-admin") ^ enabled("second-admin")).as("exactly one left").isTrue();
        assertThat(audit("account.dormant-kept")).isEqualTo(1);
    }

    @Test
    void trainingCountsThroughItsLastDayInJapanAndOnlyWhileThePolicyIsOn() {
        // 2026-04-01T00:00Z is 09:00 in Tokyo
        UUID tenant = data.tenants.create("研修テスト", "ja");
        UserAccount member = user("member", tenant, Role.TENANT_MEMBER);
        Set<String> granted = Role.TENANT_MEMBER.permissions();
        assertThat(gate.usable("member", tenant, granted)).as("no policy").isEqualTo(granted);

        policies.set(tenant, new SecurityPolicies.Policy(SecurityPolicies.MfaRequirement.ADMINS, true), "user:kanri");

        assertThat(gate.usable("member", tenant, granted)).doesNotContainAnyElementsOf(Permissions.PERSONAL_DATA);
        assertThat(gate.usable("member", null, granted)).as("the platform's policy is its own").isEqualTo(granted);
        LocalDate today = LocalDate.of(2026, 4, 1);
        training.add(member.id(), "個人情報保護", today.minusYears(1), today.plusDays(1), "user:kanri");
        assertThat(gate.usable("member", tenant, granted)).isEqualTo(granted);
        data.clock.advance(Duration.ofHours(38)); // 2026-04-02 23:00 in Tokyo: the last day
        assertThat(gate.usable("member", tenant, granted)).isEqualTo(granted);
        data.clock.advance(Duration.ofHours(1)); // midnight in Tokyo, still 15:00 on the 2nd in UTC
        assertThat(gate.usable("member", tenant, granted)).doesNotContain(Permissions.CALLS_READ);
        assertThat(training.ofScope(tenant)).singleElement().satisfies(t -> assertThat(t.course()).isEqualTo("個人情報保護"));
        assertThat(training.ofScope(null)).isEmpty();

        policies.set(tenant, new SecurityPolicies.Policy(SecurityPolicies.MfaRequirement.ALL, false), "user:kanri");
        assertThat(policies.of(tenant)).isEqualTo(new SecurityPolicies.Policy(SecurityPolicies.MfaRequirement.ALL, false));
        assertThat(gate.usable("member", tenant, granted)).isEqualTo(granted);
        assertThat(new MfaPolicy(policies).requiredFor(member)).isTrue();
        assertThat(policies.of(data.tenants.create("other", "ja"))).isEqualTo(SecurityPolicies.Policy.DEFAULT);
    }

    @Test
    void anEmailAddressIsStoredSealedAndOnlyForItsOwnUser() {
        UUID tenant = data.tenants.create("封印テスト", "ja");
        UserAccount alice = user("alice", tenant, Role.TENANT_MEMBER);
        UserAccount bob = user("bob", tenant, Role.TENANT_MEMBER);
        UserAccount platform = user("platform-user", null, Role.AUDITOR);
        emails.set(alice.id(), tenant, "alice@example.test");
        emails.set(platform.id(), null, "auditor@example.test");

        assertThat(emails.of(alice.id(), tenant)).hasValue("alice@example.test");
        assertThat(emails.of(platform.id(), null)).hasValue("auditor@example.test");
        assertThat(emails.of(bob.id(), tenant)).isEmpty();
        byte[] sealed = data.jdbc.sql("SELECT sealed_email FROM users WHERE id = ?").param(alice.id()).query(byte[].class).single();
        assertThat(HexFormat.of().formatHex(sealed))
                .doesNotContain(HexFormat.of().formatHex("alice@example.test".getBytes(StandardCharsets.UTF_8)));
        data.jdbc.sql("UPDATE users SET sealed_email = ? WHERE id = ?").params(sealed, bob.id()).update();
        assertThatThrownBy(() -> emails.of(bob.id(), tenant)).as("copied to another user").isInstanceOf(CiphertextRejectedException.class);
    }

    @Test
    void accessReviewsAreSignedOffRemindedOncePerPeriodAndReportTraining() {
        UUID tenant = data.tenants.create("株式会社レビュー", "ja");
        UserAccount admin = user("kanri", tenant, Role.TENANT_ADMIN);
        emails.set(admin.id(), tenant, "kanri@example.test");
        UserAccount member = user("member", tenant, Role.TENANT_MEMBER);
        UserAccount officer = user("officer", null, Role.SECURITY_OFFICER);
        emails.set(officer.id(), null, "officer@example.test");
        training.add(member.id(), "個人情報", LocalDate.of(2026, 3, 1), LocalDate.of(2027, 2, 28), "user:kanri");
        training.add(member.id(), "個人情報（再）", LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 31), "user:kanri");
        training.add(officer.id(), "not begun yet", LocalDate.of(2026, 5, 1), LocalDate.of(2027, 4, 30), "user:x");
        AccessReviewSignOffs signOffs = new AccessReviewSignOffs(data.jdbc, new AccountCiphers(data.vault));
        StaffDirectory directory = new StaffDirectory(data.jdbc);
        AccessReviews reviews = new AccessReviews(new AccessReviewReports(directory, new Assignments(data.jdbc, data.clock),
                new ApiKeys(data.jdbc, data.clock), training, gate, data.tenants, data.clock), signOffs, data.audit,
                properties, data.clock);
        AccessReviewReminders reminders = new AccessReviewReminders(data.jdbc, reviews, signOffs, emails, mails,
                data.tenants, data.audit, properties, data.clock);

        assertThat(training.latestExpiries(tenant, LocalDate.of(2026, 4, 1))).containsExactly(
                Map.entry(member.id(), LocalDate.of(2027, 2, 28)));
        assertThat(training.latestExpiries(null, LocalDate.of(2026, 4, 1))).as("not begun").isEmpty();
        assertThat(signOffs.last(tenant)).isEmpty();
        assertThat(signOffs.firstUserCreated(tenant)).hasValue(data.clock.instant());
        assertThat(signOffs.firstUserCreated(UUID.randomUUID())).isEmpty();
        assertThat(reviews.schedule(new AdminScope(tenant)).dueAt()).hasValue(Instant.parse("2026-07-01T00:00:00Z"));
        assertThat(reminders.remindOverdue()).isEmpty();

        data.clock.advance(Duration.ofDays(92));
        assertThat(reminders.remindOverdue()).containsExactlyInAnyOrder("kanri", "officer");
        assertThat(reminders.remindOverdue()).as("once per period").isEmpty();
        assertThat(SMTP.getReceivedMessages()).extracting(LifecycleStorageTest::to)
                .containsExactlyInAnyOrder("kanri@example.test", "officer@example.test");
        assertThat(audit("access-review.reminder")).isEqualTo(2);

        AdminScope scope = new AdminScope(tenant);
        String digest = reviews.review(reviewer(tenant), scope).sha256();
        reviews.signOff(reviewer(tenant), scope, digest, "確認済み\r\n問題なし");
        data.clock.advance(Duration.ofDays(1));
        reviews.signOff(reviewer(tenant), scope, digest, "");
        reviews.signOff(reviewer(null), AdminScope.PLATFORM, reviews.review(reviewer(null), AdminScope.PLATFORM).sha256(),
                "プラットフォーム");

        assertThat(signOffs.last(tenant)).hasValueSatisfying(s -> {
            assertThat(s.comment()).isEmpty();
            assertThat(s.reportSha256()).isEqualTo(digest);
            assertThat(s.signedAt()).isEqualTo(data.clock.instant());
        });
        assertThat(data.jdbc.sql("SELECT COUNT(*) FROM access_review_signoffs WHERE scope_id = ?").param(tenant)
                .query(Long.class).single()).isEqualTo(2);
        assertThat(signOffs.last(null)).hasValueSatisfying(s -> assertThat(s.comment()).isEqualTo("プラットフォーム"));
        assertThat(reviews.schedule(scope).overdue()).isFalse();
        assertThat(signOffs.claimReminder(tenant, Instant.parse("2026-07-01T00:00:00Z"), data.clock.instant()))
                .as("claimed before").isFalse();
        assertThat(signOffs.claimReminder(tenant, Instant.parse("2026-10-01T00:00:00Z"), data.clock.instant())).isTrue();
    }

    /** A reviewer of the tenant (or of the platform, for null), as the console would make one for a request. */
    private static Viewer reviewer(UUID tenant) {
        return new Viewer("user:reviewer", tenant == null ? Set.of() : Set.of(tenant),
                Set.of(Permissions.AUDIT_READ), "127.0.0.1", tenant == null);
    }

    private long audit(String action) {
        return data.jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE action = ?").param(action).query(Long.class).single();
    }

    private static String to(MimeMessage m) {
        try {
            return m.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(MimeMessage m) {
        try {
            return (String) m.getContent();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
