package jp.uketsuke.identity.internal;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.IdentityAdmin;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Role;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class JdbcIdentityAdmin implements IdentityAdmin {

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{2,99}");
    private static final String SYSTEM = "system";

    private final UserAccounts accounts;
    private final MfaCredentials mfa;
    private final ApiKeys apiKeys;
    private final Assignments assignments;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final Clock clock;
    /** The terminal; a field so that the one place that prints a secret is obvious. */
    private final PrintStream terminal = System.out;

    JdbcIdentityAdmin(UserAccounts accounts, MfaCredentials mfa, ApiKeys apiKeys, Assignments assignments,
                      PasswordEncoder passwords, AuditLog audit, Clock clock) {
        this.accounts = accounts;
        this.mfa = mfa;
        this.apiKeys = apiKeys;
        this.assignments = assignments;
        this.passwords = passwords;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public Optional<String> createPlatformAdminIfMissing() {
        if (accounts.exists(PLATFORM_ADMIN)) {
            return Optional.empty();
        }
        String password = PasswordPolicy.oneTimePassword();
        try {
            insertUser(PLATFORM_ADMIN, password, null, Role.PLATFORM_ADMIN);
        } catch (DuplicateKeyException e) {
            return Optional.empty(); // another node made it first
        }
        // printed, never logged: log files are shipped and kept, the terminal is seen once by the installer
        terminal.println("""

                ==================================================================
                 Uketsuke: first start / 初回起動
                 Console user: %s
                 One-time password / 初期パスワード: %s
                 Change it at first login. It is shown only this once.
                 初回ログイン時に変更してください。この表示は一度だけです。
                ==================================================================
                """.formatted(PLATFORM_ADMIN, password));
        terminal.flush();
        return Optional.of(password);
    }

    @Override
    @Transactional
    public String createTenantUser(UUID tenantId, String username, Role role) {
        if (tenantId == null || role == null || role.platformWide()) {
            throw new IllegalArgumentException("a tenant user needs a tenant and a tenant role");
        }
        return createUser(username, tenantId, role);
    }

    @Override
    @Transactional
    public String createPlatformUser(String username, Role role) {
        if (role == null || !role.platformWide()) {
            throw new IllegalArgumentException("a platform user needs a platform role");
        }
        return createUser(username, null, role);
    }

    @Override
    public void assign(String username, UUID tenantId) {
        UserAccount account = accounts.find(username).filter(a -> a.tenantId() == null)
                .orElseThrow(() -> new IllegalArgumentException("no such platform user"));
        if (assignments.add(account.id(), tenantId, SYSTEM)) {
            audit.record(new AuditEvent(SYSTEM, tenantId, "assignment.create", "user:" + account.username(), null,
                    AuditEvent.OK));
        }
    }

    private String createUser(String username, UUID tenantId, Role role) {
        String name = UserAccounts.normalise(username);
        if (!USERNAME.matcher(name).matches()) {
            throw new IllegalArgumentException("user names are 3-100 characters: a-z 0-9 . _ @ -");
        }
        if (accounts.exists(name)) {
            throw new IllegalArgumentException("user name taken");
        }
        String password = PasswordPolicy.oneTimePassword();
        try {
            insertUser(name, password, tenantId, role);
        } catch (DuplicateKeyException e) {
            throw new IllegalArgumentException("user name taken");
        }
        return password;
    }

    @Override
    public String createApiKey(UUID tenantId, Set<String> permissions, Instant expiresAt) {
        if (tenantId == null || permissions.isEmpty() || !Permissions.GRANTABLE_TO_API_KEYS.containsAll(permissions)) {
            throw new IllegalArgumentException("an API key needs a tenant and permissions from " + Permissions.GRANTABLE_TO_API_KEYS);
        }
        String key = apiKeys.create(tenantId, permissions, expiresAt);
        String prefix = key.substring(3, 11);
        audit.record(new AuditEvent(SYSTEM, tenantId, "apikey.create", "apikey:uk_" + prefix, null, AuditEvent.OK));
        return key;
    }

    @Override
    public void revokeApiKey(String prefix) {
        boolean found = apiKeys.revoke(prefix);
        audit.record(new AuditEvent(SYSTEM, null, "apikey.revoke", "apikey:uk_" + prefix, null, found ? AuditEvent.OK : AuditEvent.NOT_FOUND));
    }

    @Override
    public String resetPassword(String username) {
        String password = PasswordPolicy.oneTimePassword();
        if (!accounts.setOneTimePassword(username, passwords.encode(password))) {
            throw new IllegalArgumentException("no such user");
        }
        audit.record(new AuditEvent(SYSTEM, null, "password.reset", "user:" + UserAccounts.normalise(username), null,
                AuditEvent.OK));
        return password;
    }

    @Override
    public void resetMfa(String username) {
        UserAccount account = accounts.find(username).orElseThrow(() -> new IllegalArgumentException("no such user"));
        mfa.remove(account.id());
        audit.record(new AuditEvent(SYSTEM, account.tenantId(), "mfa.reset", "user:" + account.username(), null, AuditEvent.OK));
    }

    @Override
    public void disableUser(String username) {
        boolean found = accounts.disable(username);
        audit.record(new AuditEvent(SYSTEM, null, "user.disable", "user:" + UserAccounts.normalise(username), null,
                found ? AuditEvent.OK : AuditEvent.NOT_FOUND));
    }

    private void insertUser(String username, String password, UUID tenantId, Role role) {
        accounts.insert(new UserAccount(UUID.randomUUID(), username, passwords.encode(password), tenantId, role,
                true, true, clock.instant(), null));
        audit.record(new AuditEvent(SYSTEM, tenantId, "user.create", "user:" + username, null, AuditEvent.OK));
    }
}
