package jp.uketsuke.identity.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Users' e-mail addresses (column {@code users.sealed_email}): personal data, so sealed with the user's keys and bound
 * to the user, and never logged. Optional: users created without an invitation have none.
 */
@Repository
class UserEmails {

    private final JdbcClient jdbc;
    private final AccountCiphers ciphers;

    UserEmails(JdbcClient jdbc, AccountCiphers ciphers) {
        this.jdbc = jdbc;
        this.ciphers = ciphers;
    }

    void set(UUID userId, UUID tenantId, String address) {
        byte[] sealed = ciphers.of(tenantId).seal(address.getBytes(StandardCharsets.UTF_8), context(userId));
        jdbc.sql("UPDATE users SET sealed_email = ? WHERE id = ?").params(sealed, userId).update();
    }

    Optional<String> of(UUID userId, UUID tenantId) {
        return jdbc.sql("SELECT sealed_email FROM users WHERE id = ?").param(userId)
                .query((rs, n) -> Optional.ofNullable(rs.getBytes(1))).optional().flatMap(o -> o)
                .map(sealed -> new String(ciphers.of(tenantId).open(sealed, context(userId)), StandardCharsets.UTF_8));
    }

    private static String context(UUID userId) {
        return "user:" + userId + ":email";
    }
}
