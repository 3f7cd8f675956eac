package jp.uketsuke.identity.internal;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Tables {@code access_review_signoffs} and {@code access_review_reminders}. A sign-off's comment may name people, so
 * it is sealed with the keys of the reviewed scope (the platform's keyset for the platform's review).
 */
@Repository
class AccessReviewSignOffs {

    /**
     * A reviewer's sign-off.
     *
     * @param tenantId     the reviewed tenant; null for the platform
     * @param reportSha256 SHA-256 of the report's CSV the reviewer saw
     * @param comment      blank when none was given
     */
    record SignOff(UUID id, UUID tenantId, String reviewer, Instant signedAt, String reportSha256, String comment) {
    }

    private final JdbcClient jdbc;
    private final AccountCiphers ciphers;

    AccessReviewSignOffs(JdbcClient jdbc, AccountCiphers ciphers) {
        this.jdbc = jdbc;
        this.ciphers = ciphers;
    }

    void add(SignOff signOff) {
        byte[] comment = signOff.comment().isEmpty() ? null : ciphers.of(signOff.tenantId())
                .seal(signOff.comment().getBytes(StandardCharsets.UTF_8), context(signOff.id()));
        jdbc.sql("""
                INSERT INTO access_review_signoffs (id, scope_id, reviewer, signed_at, report_sha256, sealed_comment)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(signOff.id(), scope(signOff.tenantId()), signOff.reviewer(), signOff.signedAt().atOffset(ZoneOffset.UTC),
                        signOff.reportSha256(), comment)
                .update();
    }

    /** The newest sign-off of the scope (null tenant: the platform). */
    Optional<SignOff> last(UUID tenantId) {
        return jdbc.sql("""
                        SELECT id, reviewer, signed_at, report_sha256, sealed_comment FROM access_review_signoffs
                        WHERE scope_id = ? ORDER BY signed_at DESC, id FETCH FIRST 1 ROWS ONLY""")
                .param(scope(tenantId)).query((rs, n) -> map(rs, tenantId)).optional();
    }

    /** When the scope's first user was made: a scope never reviewed is due one interval after it. Empty without users. */
    Optional<Instant> firstUserCreated(UUID tenantId) {
        var query = tenantId == null
                ? jdbc.sql("SELECT MIN(created_at) FROM users WHERE tenant_id IS NULL")
                : jdbc.sql("SELECT MIN(created_at) FROM users WHERE tenant_id = ?").param(tenantId);
        return query.query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1)).map(java.sql.Timestamp::toInstant))
                .single();
    }

    /**
     * Claims the reminder of one scope for one due date.
     *
     * @return false when it was claimed before (on this node or another)
     */
    boolean claimReminder(UUID tenantId, Instant dueAt, Instant now) {
        try {
            return jdbc.sql("INSERT INTO access_review_reminders (scope_id, due_at, sent_at) VALUES (?, ?, ?)")
                    .params(scope(tenantId), dueAt.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC)).update() == 1;
        } catch (DuplicateKeyException claimedBefore) {
            return false;
        }
    }

    private SignOff map(ResultSet rs, UUID tenantId) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        byte[] sealed = rs.getBytes("sealed_comment");
        String comment = sealed == null ? "" : new String(ciphers.of(tenantId).open(sealed, context(id)), StandardCharsets.UTF_8);
        return new SignOff(id, tenantId, rs.getString("reviewer"), rs.getTimestamp("signed_at").toInstant(),
                rs.getString("report_sha256"), comment);
    }

    private static String context(UUID signOffId) {
        return "access-review:" + signOffId + ":comment";
    }

    private static UUID scope(UUID tenantId) {
        return tenantId == null ? AccountCiphers.PLATFORM_KEYSET : tenantId;
    }
}
