package jp.uketsuke.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.identity.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code users} table. User names are kept lower-case so that "Alice" and "alice" are one account. */
@Repository
class UserAccounts {

    private final JdbcClient jdbc;

    UserAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static String normalise(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }

    Optional<UserAccount> find(String username) {
        return jdbc.sql("SELECT * FROM users WHERE username = ?").param(normalise(username))
                .query(UserAccounts::map).optional();
    }

    boolean exists(String username) {
        return jdbc.sql("SELECT COUNT(*) FROM users WHERE username = ?").param(normalise(username))
                .query(Long.class).single() > 0;
    }

    void insert(UserAccount account) {
        jdbc.sql("""
                INSERT INTO users (id, username, password_hash, tenant_id, role, must_change_password, enabled, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(account.id(), normalise(account.username()), account.passwordHash(), account.tenantId(),
                        account.role().name(), account.mustChangePassword(), account.enabled(), at(account.createdAt()))
                .update();
    }

    void changePassword(UUID id, String passwordHash) {
        jdbc.sql("UPDATE users SET password_hash = ?, must_change_password = FALSE WHERE id = ?")
                .params(passwordHash, id).update();
    }

    boolean setOneTimePassword(String username, String passwordHash) {
        return jdbc.sql("UPDATE users SET password_hash = ?, must_change_password = TRUE WHERE username = ?")
                .params(passwordHash, normalise(username)).update() > 0;
    }

    void recordLogin(String username, Instant at) {
        jdbc.sql("UPDATE users SET last_login_at = ? WHERE username = ?").params(at(at), normalise(username)).update();
    }

    boolean disable(String username) {
        return jdbc.sql("UPDATE users SET enabled = FALSE WHERE username = ?").param(normalise(username)).update() > 0;
    }

    /** Enables a disabled account; its dormancy is counted from {@code at} rather than its last sign-in. */
    boolean enable(String username, Instant at) {
        return jdbc.sql("UPDATE users SET enabled = TRUE, reactivated_at = ? WHERE username = ? AND enabled = FALSE")
                .params(at(at), normalise(username)).update() > 0;
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static UserAccount map(ResultSet rs, int row) throws SQLException {
        return new UserAccount(rs.getObject("id", UUID.class), rs.getString("username"), rs.getString("password_hash"),
                rs.getObject("tenant_id", UUID.class), Role.valueOf(rs.getString("role")),
                rs.getBoolean("must_change_password"), rs.getBoolean("enabled"), instant(rs, "created_at"),
                instant(rs, "last_login_at"));
    }
}
