package jp.uketsuke.sms.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.vault.TenantCipher;
import jp.uketsuke.vault.Vault;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tables {@code text_messages} and {@code text_message_opt_outs}. Destination and text are sealed with the tenant's
 * key before they are written; numbers are looked up by their keyed index only. A message is claimed for sending by
 * one conditional update, so two workers (or two nodes) never send the same row at once.
 */
final class TextMessageRows {

    static final String QUEUED = "queued";
    static final String SENDING = "sending";
    static final String SENT = "sent";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";
    static final String REFUSED = "refused";

    private final JdbcClient jdbc;
    private final Vault vault;

    TextMessageRows(JdbcClient jdbc, Vault vault) {
        this.jdbc = jdbc;
        this.vault = vault;
    }

    /** A message claimed for sending, opened. */
    record Claimed(UUID id, UUID tenantId, String destination, String body, int attempts) {
    }

    /** One row as stored, sealed parts still sealed. */
    record Row(UUID id, UUID tenantId, UUID callId, byte[] destination, byte[] body, String status, int attempts,
               String lastError, Instant createdAt, Instant updatedAt) {
    }

    UUID insert(UUID tenantId, UUID callId, String destination, String body, String status, String reason,
                Instant now) {
        UUID id = UUID.randomUUID();
        TenantCipher cipher = vault.forTenant(tenantId);
        jdbc.sql("""
                insert into text_messages (id, tenant_id, call_id, destination, destination_index, body, status,
                                           attempts, next_attempt_at, last_error, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)""")
                .params(id, tenantId, callId,
                        cipher.seal(destination.getBytes(StandardCharsets.UTF_8), destinationContext(id)),
                        cipher.index(destination),
                        cipher.seal(body.getBytes(StandardCharsets.UTF_8), bodyContext(id)), status, utc(now),
                        new SqlParameterValue(Types.VARCHAR, reason), utc(now), utc(now))
                .update();
        return id;
    }

    boolean optedOut(UUID tenantId, String destination) {
        return jdbc.sql("select count(*) from text_message_opt_outs where tenant_id = ? and destination_index = ?")
                .params(tenantId, vault.forTenant(tenantId).index(destination)).query(Long.class).single() > 0;
    }

    /** Records the opt-out; true when it is new. */
    boolean optOut(UUID tenantId, String destination, String source, Instant now) {
        try {
            return jdbc.sql("""
                    insert into text_message_opt_outs (tenant_id, destination_index, opted_out_at, source)
                    values (?, ?, ?, ?)""")
                    .params(tenantId, vault.forTenant(tenantId).index(destination), utc(now), source).update() > 0;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** Tenants that have sent (or tried to send) a message to the number. */
    List<UUID> tenantsThatMessaged(String destination) {
        return jdbc.sql("select distinct tenant_id from text_messages").query(UUID.class).list().stream()
                .filter(t -> jdbc.sql("select count(*) from text_messages where tenant_id = ? and destination_index = ?")
                        .params(t, vault.forTenant(t).index(destination)).query(Long.class).single() > 0)
                .toList();
    }

    /** Messages the tenant has had queued since then: refused ones do not count against its limits. */
    long countSince(UUID tenantId, Instant since) {
        return jdbc.sql("select count(*) from text_messages where tenant_id = ? and created_at >= ? and status <> ?")
                .params(tenantId, utc(since), REFUSED).query(Long.class).single();
    }

    List<UUID> due(Instant now, int limit) {
        return jdbc.sql("select id from text_messages where status = ? and next_attempt_at <= ? order by next_attempt_at limit ?")
                .params(QUEUED, utc(now), limit).query(UUID.class).list();
    }

    /** Takes the row for sending if it is still queued and due; empty when another worker has it or it is done. */
    Optional<Claimed> claim(UUID id, Instant now) {
        int claimed = jdbc.sql("""
                update text_messages set status = ?, claimed_at = ?, attempts = attempts + 1, updated_at = ?
                where id = ? and status = ? and next_attempt_at <= ?""")
                .params(SENDING, utc(now), utc(now), id, QUEUED, utc(now)).update();
        if (claimed == 0) {
            return Optional.empty();
        }
        Row row = find(id).orElseThrow();
        TenantCipher cipher = vault.forTenant(row.tenantId());
        return Optional.of(new Claimed(id, row.tenantId(),
                new String(cipher.open(row.destination(), destinationContext(id)), StandardCharsets.UTF_8),
                new String(cipher.open(row.body(), bodyContext(id)), StandardCharsets.UTF_8), row.attempts()));
    }

    void sent(UUID id, String providerId, Instant now) {
        jdbc.sql("""
                update text_messages set status = ?, provider_message_id = ?, last_error = null, claimed_at = null,
                                         updated_at = ? where id = ? and status = ?""")
                .params(SENT, new SqlParameterValue(Types.VARCHAR, providerId), utc(now), id, SENDING).update();
    }

    void retryAt(UUID id, String error, Instant at, Instant now) {
        jdbc.sql("""
                update text_messages set status = ?, last_error = ?, next_attempt_at = ?, claimed_at = null,
                                         updated_at = ? where id = ? and status = ?""")
                .params(QUEUED, error, utc(at), utc(now), id, SENDING).update();
    }

    void finish(UUID id, String status, String error, Instant now) {
        jdbc.sql("""
                update text_messages set status = ?, last_error = ?, claimed_at = null, updated_at = ?
                where id = ? and status = ?""")
                .params(status, error, utc(now), id, SENDING).update();
    }

    /** Rows a stopped worker left "sending" since before {@code claimedBefore} are queued again. */
    int releaseAbandoned(Instant claimedBefore, Instant now) {
        return jdbc.sql("""
                update text_messages set status = ?, claimed_at = null, next_attempt_at = ?, updated_at = ?
                where status = ? and claimed_at < ?""")
                .params(QUEUED, utc(now), utc(now), SENDING, utc(claimedBefore)).update();
    }

    /**
     * A delivery report: only forward (sent → delivered or failed), so an old or replayed report cannot undo a
     * newer one. Returns the tenant of the message, if it is ours.
     */
    Optional<UUID> reported(String providerId, String status, String error, Instant now) {
        Optional<UUID> tenant = jdbc.sql("select tenant_id from text_messages where provider_message_id = ?")
                .param(providerId).query(UUID.class).optional();
        if (tenant.isPresent()) {
            jdbc.sql("""
                    update text_messages set status = ?, last_error = ?, updated_at = ?
                    where provider_message_id = ? and status = ?""")
                    .params(status, new SqlParameterValue(Types.VARCHAR, error), utc(now), providerId, SENT).update();
        }
        return tenant;
    }

    Optional<Row> find(UUID id) {
        return jdbc.sql(ROW_SELECT + " where id = ?").param(id).query(TextMessageRows::row).optional();
    }

    List<Row> ofCall(UUID callId) {
        return jdbc.sql(ROW_SELECT + " where call_id = ? order by created_at, id").param(callId)
                .query(TextMessageRows::row).list();
    }

    String openDestination(Row row) {
        return new String(vault.forTenant(row.tenantId()).open(row.destination(), destinationContext(row.id())),
                StandardCharsets.UTF_8);
    }

    String openBody(Row row) {
        return new String(vault.forTenant(row.tenantId()).open(row.body(), bodyContext(row.id())),
                StandardCharsets.UTF_8);
    }

    private static final String ROW_SELECT = """
            select id, tenant_id, call_id, destination, body, status, attempts, last_error, created_at, updated_at
            from text_messages""";

    private static Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                rs.getBytes(4), rs.getBytes(5), rs.getString(6), rs.getInt(7), rs.getString(8),
                rs.getObject(9, OffsetDateTime.class).toInstant(), rs.getObject(10, OffsetDateTime.class).toInstant());
    }

    static String destinationContext(UUID id) {
        return "text-message:" + id + ":destination";
    }

    static String bodyContext(UUID id) {
        return "text-message:" + id + ":body";
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
