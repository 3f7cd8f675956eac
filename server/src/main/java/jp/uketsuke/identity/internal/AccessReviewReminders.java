package jp.uketsuke.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.Role;
import jp.uketsuke.identity.internal.AccessReviewSignOffs.SignOff;
import jp.uketsuke.tenancy.Tenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reminds of overdue access reviews: every {@code access-review-check-interval}, each tenant (and the platform) whose
 * review is overdue gets one e-mail to each of its administrators (the platform's: its security officers) who has an
 * address, once per review interval for as long as the review stays overdue. Each reminder is an
 * {@code access-review.reminder} event; which period was reminded of is stored, so that a restart, or another node,
 * does not remind again. Without a mail server nothing is claimed, and the console's "overdue" is the reminder.
 */
@Component
class AccessReviewReminders implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AccessReviewReminders.class);
    private static final String SYSTEM = "system";

    private record Reviewer(UUID id, String username) {
    }

    private final JdbcClient jdbc;
    private final AccessReviews reviews;
    private final AccessReviewSignOffs signOffs;
    private final UserEmails emails;
    private final AccountMails mails;
    private final Tenants tenants;
    private final AuditLog audit;
    private final IdentityProperties properties;
    private final Clock clock;
    private final PeriodicJob job = new PeriodicJob("access-review-reminders", this::remindQuietly);

    AccessReviewReminders(JdbcClient jdbc, AccessReviews reviews, AccessReviewSignOffs signOffs, UserEmails emails,
                          AccountMails mails, Tenants tenants, AuditLog audit, IdentityProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.reviews = reviews;
        this.signOffs = signOffs;
        this.emails = emails;
        this.mails = mails;
        this.tenants = tenants;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    /** Reminds of every overdue review not yet reminded of in its current period; returns the user names mailed. */
    List<String> remindOverdue() {
        if (!mails.configured()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<String> reminded = new ArrayList<>();
        for (AdminScope scope : scopesWithUsers()) {
            AccessReviews.Schedule schedule = reviews.schedule(scope);
            if (!schedule.overdue()) {
                continue;
            }
            // the period the review is overdue in: one reminder when it falls due, another each interval it stays so
            Instant period = schedule.dueAt().orElseThrow();
            for (Instant next = reviews.plusInterval(period); !now.isBefore(next); next = reviews.plusInterval(next)) {
                period = next;
            }
            if (signOffs.claimReminder(scope.tenantId(), period, now)) {
                reminded.addAll(tell(scope, schedule.dueAt().orElseThrow()));
            }
        }
        return reminded;
    }

    private List<String> tell(AdminScope scope, Instant dueAt) {
        List<Reviewer> reviewers = reviewers(scope);
        if (reviewers.isEmpty()) {
            // nobody to mail: the operation log says so, the console shows the review overdue
            audit.record(new AuditEvent(SYSTEM, scope.tenantId(), "access-review.reminder", scope.target(), null,
                    AuditEvent.ERROR));
            return List.of();
        }
        String organisation = scope.platform() ? "" : tenants.name(scope.tenantId()).orElse("");
        Optional<Instant> lastSignOff = signOffs.last(scope.tenantId()).map(SignOff::signedAt);
        List<String> told = new ArrayList<>();
        for (Reviewer reviewer : reviewers) {
            Optional<String> address = emails.of(reviewer.id(), scope.tenantId());
            boolean sent = address.isPresent() && mails.accessReviewReminder(address.get(), organisation, dueAt, lastSignOff);
            audit.record(new AuditEvent(SYSTEM, scope.tenantId(), "access-review.reminder", "user:" + reviewer.username(),
                    null, sent ? AuditEvent.OK : AuditEvent.ERROR));
            if (sent) {
                told.add(reviewer.username());
            }
        }
        return told;
    }

    /** A tenant's administrators, the platform's security officers: enabled, with an address. */
    private List<Reviewer> reviewers(AdminScope scope) {
        String sql = "SELECT id, username FROM users WHERE role = ? AND custom_role_id IS NULL AND enabled = TRUE "
                + "AND sealed_email IS NOT NULL AND ";
        var query = scope.platform()
                ? jdbc.sql(sql + "tenant_id IS NULL ORDER BY username").param(Role.SECURITY_OFFICER.name())
                : jdbc.sql(sql + "tenant_id = ? ORDER BY username").params(Role.TENANT_ADMIN.name(), scope.tenantId());
        return query.query((rs, n) -> new Reviewer(rs.getObject("id", UUID.class), rs.getString("username"))).list();
    }

    private List<AdminScope> scopesWithUsers() {
        return jdbc.sql("SELECT DISTINCT tenant_id FROM users")
                .query((rs, n) -> new AdminScope(rs.getObject("tenant_id", UUID.class))).list();
    }

    @Override
    public void start() {
        job.start(properties.accessReviewCheckInterval());
    }

    @Override
    public void stop() {
        job.stop();
    }

    @Override
    public boolean isRunning() {
        return job.isRunning();
    }

    private void remindQuietly() {
        try {
            List<String> reminded = remindOverdue();
            if (!reminded.isEmpty()) {
                log.info("Reminded {} reviewer(s) of overdue access reviews; see access-review.reminder in the operation log",
                        reminded.size());
            }
        } catch (RuntimeException e) {
            log.warn("Access-review reminder check failed; retried at the next interval", e);
        }
    }
}
