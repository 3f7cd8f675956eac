package jp.uketsuke.identity.internal;

import static jp.uketsuke.identity.Permissions.USERS_MANAGE;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.Role;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Invitations by e-mail link: an administrator with {@code users:manage} in a tenant (their own, or for platform users
 * one assigned to them) or on the platform invites an address into it with a user name and a role of that scope,
 * built-in or custom, that {@link RoleGrants} lets them give; the link carries a single-use random token of which
 * only the SHA-256 is kept (a fast hash suffices: the token is 256 random bits, not chosen by a person). The address is
 * sealed with the keys of the tenant it is invited into and becomes the user's address when the invitation is accepted.
 */
@Service
class Invitations {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{2,99}");
    private static final int MAX_EMAIL_LENGTH = 254;
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String UNKNOWN = "invitation:unknown";
    private static final String SELECT = """
            SELECT i.*, r.name AS custom_name FROM invitations i LEFT JOIN custom_roles r ON r.id = i.custom_role_id""";

    /** Why an invitation was not made; each is a message key under {@code invitation.error.}. */
    enum Problem { EMAIL_INVALID, USERNAME_INVALID, USERNAME_TAKEN, ROLE_NOT_ALLOWED }

    enum Status { PENDING, ACCEPTED, EXPIRED, REVOKED }

    static final class Declined extends RuntimeException {
        final Problem problem;

        Declined(Problem problem) {
            super(problem.name(), null, false, false);
            this.problem = problem;
        }
    }

    /** A new invitation; {@code link} is to be shown to the inviter only when {@code mailed} is false. */
    record Created(UUID id, String link, boolean mailed) {
    }

    /**
     * The role an invitation gives, as pages and mails name it.
     *
     * @param name a message key for a built-in role, the custom role's own name (blank once deleted) otherwise
     */
    record RoleName(boolean builtIn, String name) {
    }

    /** What the invitee is told about an invitation they hold. */
    record Pending(UUID id, UUID tenantId, String username, RoleName role, Instant expiresAt) {
    }

    /** A row of the administrator's list; the address is not part of it. */
    record Listed(UUID id, String username, RoleName role, String invitedBy, Instant createdAt, Instant expiresAt,
                  Status status) {
    }

    /** The outcome of accepting: a new account, a password to choose again, or an invitation that cannot be used. */
    sealed interface Acceptance {
    }

    record Accepted(UserAccount account) implements Acceptance {
    }

    /** @param messageKey what to tell the invitee about the password or user name; the invitation is still open */
    record TryAgain(String messageKey) implements Acceptance {
    }

    record Unusable() implements Acceptance {
    }

    private record Row(UUID id, UUID tenantId, String username, Role role, UUID customRoleId, String customRoleName,
                       byte[] sealedEmail, String invitedBy, Instant createdAt, Instant expiresAt, Instant acceptedAt,
                       Instant revokedAt) {

        RoleName roleName() {
            return customRoleId == null ? new RoleName(true, "role." + role.name())
                    : new RoleName(false, customRoleName == null ? "" : customRoleName);
        }

        Status status(Instant now) {
            if (acceptedAt != null) {
                return Status.ACCEPTED;
            }
            if (revokedAt != null) {
                return Status.REVOKED;
            }
            return now.isBefore(expiresAt) ? Status.PENDING : Status.EXPIRED;
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final UserAccounts accounts;
    private final StaffDirectory directory;
    private final RoleGrants grants;
    private final CustomRoles customRoles;
    private final UserEmails emails;
    private final AccountCiphers ciphers;
    private final AccountMails mails;
    private final Tenants tenants;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final IdentityProperties properties;
    private final Clock clock;

    Invitations(JdbcClient jdbc, TransactionTemplate transaction, UserAccounts accounts, StaffDirectory directory,
                RoleGrants grants, CustomRoles customRoles, UserEmails emails, AccountCiphers ciphers, AccountMails mails,
                Tenants tenants, PasswordEncoder passwords, AuditLog audit, IdentityProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.accounts = accounts;
        this.directory = directory;
        this.grants = grants;
        this.customRoles = customRoles;
        this.emails = emails;
        this.ciphers = ciphers;
        this.mails = mails;
        this.tenants = tenants;
        this.passwords = passwords;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    /** The roles the inviter may offer in the scope: those {@link RoleGrants} lets them give there. */
    List<RoleGrants.RoleChoice> offerable(Viewer inviter, AdminScope scope) {
        requireManaging(inviter, scope);
        return grants.offerable(inviter, scope);
    }

    /**
     * @param role        the role as the form names it ({@code builtin:NAME} or {@code custom:<id>})
     * @param consoleBase the console's address as the inviter reached it, used when no public address is configured
     * @throws Declined for a malformed address or user name, a taken user name, or a role the inviter may not give here
     */
    Created invite(Viewer inviter, AdminScope scope, String email, String username, String role, String consoleBase) {
        requireManaging(inviter, scope);
        String to = checkedAddress(email);
        String name = UserAccounts.normalise(username);
        if (!USERNAME.matcher(name).matches()) {
            throw new Declined(Problem.USERNAME_INVALID);
        }
        RoleGrants.RoleChoice given = grants.find(scope, role).filter(r -> RoleGrants.mayGive(inviter, r.permissions()))
                .orElseThrow(() -> new Declined(Problem.ROLE_NOT_ALLOWED));
        UUID tenantId = scope.tenantId();
        String address = inviter.sourceAddress();
        UUID id = UUID.randomUUID();
        String token = newToken();
        Instant now = clock.instant();
        Instant expiresAt = now.plus(properties.invitationLifetime());
        byte[] sealed = ciphers.of(tenantId).seal(to.getBytes(StandardCharsets.UTF_8), emailContext(id));
        Boolean inserted = transaction.execute(tx -> {
            if (accounts.exists(name) || nameHeldByOpenInvitation(name, now)) {
                return false;
            }
            jdbc.sql("""
                    INSERT INTO invitations (id, token_hash, tenant_id, username, role, custom_role_id, sealed_email,
                                             invited_by, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(id, sha256(token), tenantId, name, given.role().name(), given.customRoleId(), sealed,
                            inviter.actor(), at(now), at(expiresAt))
                    .update();
            return true;
        });
        if (!Boolean.TRUE.equals(inserted)) {
            throw new Declined(Problem.USERNAME_TAKEN);
        }
        audit.record(new AuditEvent(inviter.actor(), tenantId, "invitation.create", target(id), address, AuditEvent.OK));
        String base = properties.consoleUrl() != null ? properties.consoleUrl().toString() : consoleBase;
        String link = base.replaceAll("/+$", "") + "/join/" + token;
        boolean mailed = false;
        if (mails.configured()) {
            String organisation = tenantId == null ? "" : tenants.name(tenantId).orElse("");
            mailed = mails.invitation(to, organisation, name, given, link, expiresAt);
            audit.record(new AuditEvent(inviter.actor(), tenantId, "invitation.mail", target(id), address,
                    mailed ? AuditEvent.OK : AuditEvent.ERROR));
        }
        return new Created(id, link, mailed);
    }

    boolean mailConfigured() {
        return mails.configured();
    }

    /** The scope's invitations, newest first. */
    List<Listed> of(Viewer admin, AdminScope scope) {
        requireManaging(admin, scope);
        Instant now = clock.instant();
        var query = scope.platform()
                ? jdbc.sql(SELECT + " WHERE i.tenant_id IS NULL ORDER BY i.created_at DESC")
                : jdbc.sql(SELECT + " WHERE i.tenant_id = ? ORDER BY i.created_at DESC").param(scope.tenantId());
        return query.query(Invitations::row).list().stream()
                .map(r -> new Listed(r.id(), r.username(), r.roleName(), r.invitedBy(), r.createdAt(), r.expiresAt(),
                        r.status(now)))
                .toList();
    }

    /**
     * Revokes an open invitation of a scope where the administrator manages users.
     *
     * @return the invitation's scope; empty (nothing changed) for any other invitation, as for one that does not exist
     */
    Optional<AdminScope> revoke(Viewer admin, UUID id) {
        Optional<Row> row = jdbc.sql(SELECT + " WHERE i.id = ?").param(id).query(Invitations::row).optional()
                .filter(r -> new AdminScope(r.tenantId()).allows(admin, USERS_MANAGE));
        UUID tenantId = row.map(Row::tenantId).orElse(null);
        int changed = row.isEmpty() ? 0 : jdbc.sql("""
                UPDATE invitations SET revoked_at = ? WHERE id = ? AND accepted_at IS NULL AND revoked_at IS NULL""")
                .params(at(clock.instant()), id).update();
        audit.record(new AuditEvent(admin.actor(), tenantId, "invitation.revoke", target(id), admin.sourceAddress(),
                changed == 1 ? AuditEvent.OK : AuditEvent.NOT_FOUND));
        return changed == 1 ? row.map(r -> new AdminScope(r.tenantId())) : Optional.empty();
    }

    private static void requireManaging(Viewer viewer, AdminScope scope) {
        if (!scope.allows(viewer, USERS_MANAGE)) {
            throw Refused.notFound();
        }
    }

    /** The open invitation a token stands for; empty (and audited) for a used, expired, revoked or unknown token. */
    Optional<Pending> pending(String token, String address) {
        Optional<Row> row = find(token);
        Instant now = clock.instant();
        if (row.isEmpty() || row.get().status(now) != Status.PENDING) {
            refused("invitation.open", row, address);
            return Optional.empty();
        }
        Row r = row.get();
        return Optional.of(new Pending(r.id(), r.tenantId(), r.username(), r.roleName(), r.expiresAt()));
    }

    /** Creates the invited user with the chosen password, spending the invitation; nothing changes unless it works. */
    Acceptance accept(String token, String password, String confirmation, String address) {
        Optional<Row> row = find(token);
        Instant now = clock.instant();
        if (row.isEmpty() || row.get().status(now) != Status.PENDING) {
            refused("invitation.accept", row, address);
            return new Unusable();
        }
        Row r = row.get();
        if (!password.equals(confirmation)) {
            return new TryAgain("password.rejected.MISMATCH");
        }
        Optional<PasswordPolicy.Rejection> weak = PasswordPolicy.check(r.username(), password);
        if (weak.isPresent()) {
            return new TryAgain("password.rejected." + weak.get().name());
        }
        String hash = passwords.encode(password);
        UserAccount account = new UserAccount(UUID.randomUUID(), r.username(), hash, r.tenantId(), r.role(), false, true,
                now, null);
        Acceptance outcome;
        try {
            outcome = transaction.execute(tx -> {
                // claims the invitation: of two requests racing with one token, only one sees its update count be 1
                int claimed = jdbc.sql("""
                        UPDATE invitations SET accepted_at = ?, user_id = ?
                        WHERE id = ? AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?""")
                        .params(at(now), account.id(), r.id(), at(now)).update();
                if (claimed != 1) {
                    return new Unusable();
                }
                if (accounts.exists(r.username())) {
                    tx.setRollbackOnly();
                    return new TryAgain("invitation.error.USERNAME_TAKEN");
                }
                if (r.customRoleId() != null && customRoles.find(r.customRoleId())
                        .filter(c -> Objects.equals(c.tenantId(), r.tenantId())).isEmpty()) {
                    // the role was deleted meanwhile: nothing else may stand in for it
                    tx.setRollbackOnly();
                    return new Unusable();
                }
                accounts.insert(account);
                if (r.customRoleId() != null) {
                    directory.giveRole(account.id(), r.role(), r.customRoleId());
                }
                byte[] email = ciphers.of(r.tenantId()).open(r.sealedEmail(), emailContext(r.id()));
                emails.set(account.id(), r.tenantId(), new String(email, StandardCharsets.UTF_8));
                return new Accepted(account);
            });
        } catch (DuplicateKeyException takenMeanwhile) {
            outcome = new TryAgain("invitation.error.USERNAME_TAKEN");
        }
        switch (outcome) {
            case Accepted a -> {
                String actor = "user:" + account.username();
                audit.record(new AuditEvent(r.invitedBy(), r.tenantId(), "user.create", actor, address, AuditEvent.OK));
                audit.record(new AuditEvent(actor, r.tenantId(), "invitation.accept", target(r.id()), address, AuditEvent.OK));
            }
            case Unusable u -> refused("invitation.accept", row, address);
            case TryAgain t -> {
            }
        }
        return outcome;
    }

    private void refused(String action, Optional<Row> row, String address) {
        audit.record(new AuditEvent("anonymous", row.map(Row::tenantId).orElse(null), action,
                row.map(r -> target(r.id())).orElse(UNKNOWN), address, AuditEvent.DENIED));
    }

    private Optional<Row> find(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        return jdbc.sql(SELECT + " WHERE i.token_hash = ?").param(sha256(token)).query(Invitations::row).optional();
    }

    private boolean nameHeldByOpenInvitation(String username, Instant now) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM invitations
                WHERE username = ? AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?""")
                .params(username, at(now)).query(Long.class).single() > 0;
    }

    /** One address, as typed into a form: no display name, no list, no line breaks. */
    static String checkedAddress(String email) {
        String typed = email == null ? "" : email.strip();
        if (typed.isEmpty() || typed.length() > MAX_EMAIL_LENGTH || !typed.matches("[^\\s@<>,;\"]+@[^\\s@<>,;\"]+\\.[^\\s@<>,;\"]+")) {
            throw new Declined(Problem.EMAIL_INVALID);
        }
        try {
            InternetAddress parsed = new InternetAddress(typed, true);
            parsed.validate();
            return parsed.getAddress();
        } catch (AddressException e) {
            throw new Declined(Problem.EMAIL_INVALID);
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String emailContext(UUID invitationId) {
        return "invitation:" + invitationId + ":email";
    }

    private static String target(UUID id) {
        return "invitation:" + id;
    }

    private static java.time.OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class), rs.getString("username"),
                Role.valueOf(rs.getString("role")), rs.getObject("custom_role_id", UUID.class),
                rs.getString("custom_name"), rs.getBytes("sealed_email"), rs.getString("invited_by"),
                instant(rs, "created_at"), instant(rs, "expires_at"), instant(rs, "accepted_at"),
                instant(rs, "revoked_at"));
    }
}
