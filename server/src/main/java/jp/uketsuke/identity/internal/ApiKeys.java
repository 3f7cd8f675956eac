package jp.uketsuke.identity.internal;

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
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * API keys, {@code uk_<prefix>_<secret>}: the prefix finds the row, the secret (256 random bits) is checked against
 * its SHA-256. A fast hash is enough here because the secret is random, not chosen by a person.
 */
@Repository
class ApiKeys {

    private static final Pattern KEY = Pattern.compile("uk_([0-9a-f]{8})_([A-Za-z0-9_-]{43})");
    private static final Pattern PREFIX = Pattern.compile("[0-9a-f]{8}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Clock clock;

    ApiKeys(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    String create(UUID tenantId, Set<String> permissions, Instant expiresAt) {
        byte[] secretBytes = new byte[32];
        RANDOM.nextBytes(secretBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        for (int attempt = 0; ; attempt++) {
            byte[] prefixBytes = new byte[4];
            RANDOM.nextBytes(prefixBytes);
            String prefix = HexFormat.of().formatHex(prefixBytes);
            try {
                jdbc.sql("""
                        INSERT INTO api_keys (id, prefix, secret_hash, tenant_id, permissions, expires_at, revoked, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, FALSE, ?)""")
                        .params(UUID.randomUUID(), prefix, sha256(secret), tenantId,
                                PermissionList.join(permissions),
                                expiresAt == null ? null : expiresAt.atOffset(ZoneOffset.UTC),
                                clock.instant().atOffset(ZoneOffset.UTC))
                        .update();
                return "uk_" + prefix + "_" + secret;
            } catch (DuplicateKeyException e) {
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    /** The key's holder when the key is well-formed, known, unrevoked and unexpired; otherwise empty. */
    Optional<ApiKeyHolder> verify(String presented) {
        var m = presented == null ? null : KEY.matcher(presented);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        String prefix = m.group(1);
        byte[] hash = sha256(m.group(2)).getBytes(StandardCharsets.US_ASCII);
        Instant now = clock.instant();
        Optional<ApiKeyHolder> holder = jdbc.sql(
                        "SELECT secret_hash, tenant_id, permissions, expires_at, revoked FROM api_keys WHERE prefix = ?")
                .param(prefix)
                .query((rs, row) -> {
                    var expires = rs.getTimestamp("expires_at");
                    return new StoredKey(rs.getString("secret_hash"), rs.getObject("tenant_id", UUID.class),
                            rs.getString("permissions"), expires == null ? null : expires.toInstant(),
                            rs.getBoolean("revoked"));
                })
                .optional()
                .filter(k -> MessageDigest.isEqual(hash, k.secretHash().getBytes(StandardCharsets.US_ASCII)))
                .filter(k -> !k.revoked() && (k.expiresAt() == null || k.expiresAt().isAfter(now)))
                .map(k -> new ApiKeyHolder(prefix, k.tenantId(), k.permissionSet()));
        holder.ifPresent(h -> jdbc.sql("UPDATE api_keys SET last_used_at = ? WHERE prefix = ?")
                .params(now.atOffset(ZoneOffset.UTC), prefix).update());
        return holder;
    }

    private record StoredKey(String secretHash, UUID tenantId, String permissions, Instant expiresAt, boolean revoked) {

        Set<String> permissionSet() {
            return PermissionList.parse(permissions);
        }
    }

    /** A key as its tenant's administrators see it: never the secret or its hash. */
    record KeyInfo(String prefix, UUID tenantId, Set<String> permissions, Instant createdAt, Instant expiresAt,
                   Instant lastUsedAt, boolean revoked) {
    }

    private static final String INFO = "SELECT prefix, tenant_id, permissions, created_at, expires_at, last_used_at, revoked FROM api_keys";

    /** The tenant's keys, newest first. */
    List<KeyInfo> of(UUID tenantId) {
        return jdbc.sql(INFO + " WHERE tenant_id = ? ORDER BY created_at DESC, prefix").param(tenantId)
                .query(ApiKeys::info).list();
    }

    Optional<KeyInfo> find(String prefix) {
        return prefix == null || !PREFIX.matcher(prefix).matches() ? Optional.empty()
                : jdbc.sql(INFO + " WHERE prefix = ?").param(prefix).query(ApiKeys::info).optional();
    }

    private static KeyInfo info(ResultSet rs, int row) throws SQLException {
        return new KeyInfo(rs.getString("prefix"), rs.getObject("tenant_id", UUID.class),
                PermissionList.parse(rs.getString("permissions")), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("expires_at")), instant(rs.getTimestamp("last_used_at")), rs.getBoolean("revoked"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    boolean revoke(String prefix) {
        return jdbc.sql("UPDATE api_keys SET revoked = TRUE WHERE prefix = ?").param(prefix).update() > 0;
    }

    private static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
