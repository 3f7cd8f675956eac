package jp.uketsuke.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.Role;
import jp.uketsuke.tenancy.Tenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Disables accounts nobody has signed into for {@code uketsuke.identity.dormant-after} (S3), counted from creation for
 * accounts never signed into (and from being enabled again, for an account an administrator re-enabled), and tells the administrators of the tenant (platform administrators, for platform users)
 * by e-mail when they have an address; each disabled account is an {@code account.dormant-disabled} event. Runs every
 * {@code dormant-check-interval} on each node; the conditional update lets only one node disable (and report) each.
 */
@Component
class DormantAccounts implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DormantAccounts.class);
    private static final String SYSTEM = "system";

    private record Candidate(UUID id, String username, UUID tenantId, Role role) {
    }

    private record Admin(UUID id, String username) {
    }

    private final JdbcClient jdbc;
    private final ActiveSessions sessions;
    private final UserEmails emails;
    private final AccountMails mails;
    private final Tenants tenants;
    private final AuditLog audit;
    private final IdentityProperties properties;
    private final Clock clock;
    private final PeriodicJob job = new PeriodicJob("dormant-accounts", this::checkQuietly);

    DormantAccounts(JdbcClient jdbc, ActiveSessions sessions, UserEmails emails, AccountMails mails, Tenants tenants,
                    AuditLog audit, IdentityProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.sessions = sessions;
        this.emails = emails;
        this.mails = mails;
        this.tenants = tenants;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    /** Disables every dormant account now; returns the user names disabled. */
    List<String> disableDormant() {
        if (!properties.dormantCheckOn()) {
            return List.of();
        }
        Instant cutoff = clock.instant().minus(properties.dormantAfter());
        List<Candidate> candidates = jdbc.sql("""
                SELECT id, username, tenant_id, role FROM users
                WHERE enabled = TRUE AND COALESCE(last_login_at, created_at) < ?
                  AND (reactivated_at IS NULL OR reactivated_at < ?)
                ORDER BY username""")
                .params(cutoff.atOffset(ZoneOffset.UTC), cutoff.atOffset(ZoneOffset.UTC))
                .query((rs, n) -> new Candidate(rs.getObject("id", UUID.class), rs.getString("username"),
                        rs.getObject("tenant_id", UUID.class), Role.valueOf(rs.getString("role"))))
                .list();
        Map<Optional<UUID>, List<String>> disabled = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            if (c.role() == Role.PLATFORM_ADMIN && lastPlatformAdmin(c)) {
                // disabling them would lock everyone out of the installation; the event says it was kept
                audit.record(new AuditEvent(SYSTEM, null, "account.dormant-kept", "user:" + c.username(), null, AuditEvent.OK));
                continue;
            }
            // re-checked in the update: a sign-in between the query and now keeps the account
            int changed = jdbc.sql("""
                    UPDATE users SET enabled = FALSE
                    WHERE id = ? AND enabled = TRUE AND COALESCE(last_login_at, created_at) < ?
                      AND (reactivated_at IS NULL OR reactivated_at < ?)""")
                    .params(c.id(), cutoff.atOffset(ZoneOffset.UTC), cutoff.atOffset(ZoneOffset.UTC)).update();
            if (changed == 1) {
                sessions.endAll(c.username());
                audit.record(new AuditEvent(SYSTEM, c.tenantId(), "account.dormant-disabled", "user:" + c.username(), null,
                        AuditEvent.OK));
                disabled.computeIfAbsent(Optional.ofNullable(c.tenantId()), t -> new ArrayList<>()).add(c.username());
            }
        }
        disabled.forEach((tenant, usernames) -> tell(tenant.orElse(null), usernames));
        return disabled.values().stream().flatMap(List::stream).toList();
    }

    private boolean lastPlatformAdmin(Candidate c) {
        return jdbc.sql("SELECT COUNT(*) FROM users WHERE tenant_id IS NULL AND role = ? AND enabled = TRUE AND id <> ?")
                .params(Role.PLATFORM_ADMIN.name(), c.id()).query(Long.class).single() == 0;
    }

    /** One mail to each administrator of the scope who has an address (and is still enabled). */
    private void tell(UUID tenantId, List<String> usernames) {
        if (!mails.configured()) {
            return;
        }
        Role adminRole = tenantId == null ? Role.PLATFORM_ADMIN : Role.TENANT_ADMIN;
        List<Admin> admins = (tenantId == null
                ? jdbc.sql("SELECT id, username FROM users WHERE tenant_id IS NULL AND role = ? AND enabled = TRUE "
                        + "AND sealed_email IS NOT NULL").param(adminRole.name())
                : jdbc.sql("SELECT id, username FROM users WHERE tenant_id = ? AND role = ? AND enabled = TRUE "
                        + "AND sealed_email IS NOT NULL").params(tenantId, adminRole.name()))
                .query((rs, n) -> new Admin(rs.getObject("id", UUID.class), rs.getString("username"))).list();
        String organisation = tenantId == null ? "" : tenants.name(tenantId).orElse("");
        for (Admin admin : admins) {
            Optional<String> address = emails.of(admin.id(), tenantId);
            boolean sent = address.isPresent()
                    && mails.dormantNotice(address.get(), organisation, usernames, properties.dormantAfter().toDays());
            audit.record(new AuditEvent(SYSTEM, tenantId, "account.dormant-notice", "user:" + admin.username(), null,
                    sent ? AuditEvent.OK : AuditEvent.ERROR));
        }
    }

    @Override
    public void start() {
        if (!properties.dormantCheckOn()) {
            return;
        }
        job.start(properties.dormantCheckInterval());
    }

    @Override
    public void stop() {
        job.stop();
    }

    @Override
    public boolean isRunning() {
        return job.isRunning();
    }

    private void checkQuietly() {
        try {
            List<String> disabled = disableDormant();
            if (!disabled.isEmpty()) {
                // names are not personal data of callers, but the count is all an operator needs in the log
                log.info("Disabled {} dormant account(s); see account.dormant-disabled in the operation log", disabled.size());
            }
        } catch (RuntimeException e) {
            log.warn("Dormant-account check failed; retried at the next interval", e);
        }
    }
}
