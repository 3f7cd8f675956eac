package jp.uketsuke.notify.internal;

import static jp.uketsuke.notify.internal.DestinationRows.utc;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.vault.Vault;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Table {@code notification_deliveries}, the outbox: one row per event and destination (unique, so an event is never
 * queued twice for one destination). A row is claimed by one conditional update that sets a lease, so two workers or
 * two nodes on one database never send it at the same time; a lease that runs out (a node stopped mid-send) puts the
 * row back, which makes delivery at least once.
 */
final class DeliveryRows {

    static final String PENDING = "pending";
    static final String SENDING = "sending";
    static final String SENT = "sent";
    static final String DEAD = "dead";

    /** What an event is about. */
    enum EventKind { CALL, VERIFY, TEST, ANNOUNCE }

    record Delivery(UUID id, UUID tenantId, UUID destinationId, UUID eventId, EventKind kind, UUID callId,
                    String status, int attempts, Instant nextAttemptAt, String lastError, String idempotencyKey,
                    Instant createdAt, Instant updatedAt) {
    }

    private final JdbcClient jdbc;
    private final Vault vault;

    DeliveryRows(JdbcClient jdbc, Vault vault) {
        this.jdbc = jdbc;
        this.vault = vault;
    }

    /**
     * Queues the event for the destination; false when it already is (the unique key: the caller's transaction goes on).
     *
     * @param payload a verification code or an announcement, sealed here; null for calls and tests
     */
    boolean insert(UUID tenantId, UUID destinationId, UUID eventId, EventKind kind, UUID callId, String payload,
                   Instant now) {
        UUID id = UUID.randomUUID();
        byte[] sealed = payload == null ? null
                : vault.forTenant(tenantId).seal(payload.getBytes(StandardCharsets.UTF_8), payloadContext(id));
        if (jdbc.sql("select count(*) from notification_deliveries where event_id = ? and destination_id = ?")
                .params(eventId, destinationId).query(Long.class).single() > 0) {
            return false;
        }
        try {
            jdbc.sql("""
                    insert into notification_deliveries (id, tenant_id, destination_id, event_id, event_kind, call_id,
                        payload, status, attempts, next_attempt_at, idempotency_key, created_at, updated_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)""")
                    .params(id, tenantId, destinationId, eventId, kind.name(), callId,
                            new SqlParameterValue(Types.VARBINARY, sealed), PENDING, utc(now),
                            "uketsuke-" + eventId + "-" + destinationId, utc(now), utc(now))
                    .update();
            return true;
        } catch (DuplicateKeyException alreadyQueued) {
            return false;
        }
    }

    String openPayload(Delivery delivery) {
        byte[] sealed = jdbc.sql("select payload from notification_deliveries where id = ?").param(delivery.id())
                .query((rs, n) -> rs.getBytes(1)).single();
        return sealed == null ? "" : new String(vault.forTenant(delivery.tenantId()).open(sealed,
                payloadContext(delivery.id())), StandardCharsets.UTF_8);
    }

    List<UUID> due(Instant now, int limit) {
        return jdbc.sql("""
                select id from notification_deliveries where status = ? and next_attempt_at <= ?
                order by next_attempt_at limit ?""").params(PENDING, utc(now), limit).query(UUID.class).list();
    }

    /** Takes the row for sending, with a lease; empty when another worker has it or it is not due. */
    Optional<Delivery> claim(UUID id, String worker, Instant now, Instant leaseUntil) {
        int claimed = jdbc.sql("""
                update notification_deliveries set status = ?, claimed_by = ?, lease_until = ?, attempts = attempts + 1,
                    updated_at = ?
                where id = ? and status = ? and next_attempt_at <= ?""")
                .params(SENDING, worker, utc(leaseUntil), utc(now), id, PENDING, utc(now)).update();
        return claimed == 0 ? Optional.empty() : find(id);
    }

    /** Puts back, without counting an attempt, a row held back by its destination's rate limit. */
    void postpone(UUID id, Instant until) {
        jdbc.sql("update notification_deliveries set next_attempt_at = ? where id = ? and status = ?")
                .params(utc(until), id, PENDING).update();
    }

    /** Deliveries to the destination sent or being sent since then (its rate limit). */
    long sentSince(UUID destinationId, Instant since) {
        return jdbc.sql("""
                select count(*) from notification_deliveries where destination_id = ? and status in (?, ?)
                and updated_at >= ?""").params(destinationId, SENT, SENDING, utc(since)).query(Long.class).single();
    }

    /** The outcome of a send, written only while this worker still holds the row. */
    boolean sent(UUID id, String worker, Instant now) {
        return finish(id, worker, SENT, null, now, now);
    }

    boolean retryAt(UUID id, String worker, String error, Instant at, Instant now) {
        return finish(id, worker, PENDING, error, at, now);
    }

    boolean dead(UUID id, String worker, String error, Instant now) {
        return finish(id, worker, DEAD, error, now, now);
    }

    private boolean finish(UUID id, String worker, String status, String error, Instant next, Instant now) {
        return jdbc.sql("""
                update notification_deliveries set status = ?, last_error = ?, next_attempt_at = ?, claimed_by = null,
                    lease_until = null, updated_at = ?
                where id = ? and status = ? and claimed_by = ?""")
                .params(status, new SqlParameterValue(Types.VARCHAR, error), utc(next), utc(now), id, SENDING, worker)
                .update() == 1;
    }

    /** Rows whose sender's lease ran out (its node stopped while sending) are due again. */
    int releaseExpired(Instant now) {
        return jdbc.sql("""
                update notification_deliveries set status = ?, claimed_by = null, lease_until = null, next_attempt_at = ?,
                    updated_at = ?
                where status = ? and lease_until < ?""").params(PENDING, utc(now), utc(now), SENDING, utc(now)).update();
    }

    /** A dead-lettered delivery queued again, with a fresh count of attempts. */
    boolean resend(UUID tenantId, UUID id, String actor, Instant now) {
        return jdbc.sql("""
                update notification_deliveries set status = ?, attempts = 0, next_attempt_at = ?, last_error = null,
                    resent_by = ?, updated_at = ?
                where id = ? and tenant_id = ? and status = ?""")
                .params(PENDING, utc(now), actor, utc(now), id, tenantId, DEAD).update() == 1;
    }

    Optional<Delivery> find(UUID id) {
        return jdbc.sql(SELECT + " where id = ?").param(id).query(DeliveryRows::row).optional();
    }

    List<Delivery> dead(UUID tenantId, int limit) {
        return jdbc.sql(SELECT + " where tenant_id = ? and status = ? order by updated_at desc limit ?")
                .params(tenantId, DEAD, limit).query(DeliveryRows::row).list();
    }

    int deadCount(UUID tenantId) {
        return jdbc.sql("select count(*) from notification_deliveries where tenant_id = ? and status = ?")
                .params(tenantId, DEAD).query(Integer.class).single();
    }

    /** Events of one kind queued for the destination since then. */
    long countOf(UUID destinationId, EventKind kind, Instant since) {
        return jdbc.sql("""
                select count(*) from notification_deliveries where destination_id = ? and event_kind = ? and created_at >= ?""")
                .params(destinationId, kind.name(), utc(since)).query(Long.class).single();
    }

    /** Whether the destination's last finished delivery was given up: the console shows it as failing. */
    boolean failing(UUID destinationId) {
        return jdbc.sql("""
                select status from notification_deliveries where destination_id = ? and status in (?, ?)
                order by updated_at desc limit 1""").params(destinationId, SENT, DEAD).query(String.class).optional()
                .map(DEAD::equals).orElse(false)
                || jdbc.sql("""
                select count(*) from notification_deliveries where destination_id = ? and status = ? and attempts > 0""")
                .params(destinationId, PENDING).query(Long.class).single() > 0;
    }

    private static final String SELECT = """
            select id, tenant_id, destination_id, event_id, event_kind, call_id, status, attempts, next_attempt_at,
                   last_error, idempotency_key, created_at, updated_at from notification_deliveries""";

    private static Delivery row(ResultSet rs, int n) throws SQLException {
        return new Delivery(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                rs.getObject(4, UUID.class), EventKind.valueOf(rs.getString(5)), rs.getObject(6, UUID.class),
                rs.getString(7), rs.getInt(8), rs.getObject(9, OffsetDateTime.class).toInstant(), rs.getString(10),
                rs.getString(11), rs.getObject(12, OffsetDateTime.class).toInstant(),
                rs.getObject(13, OffsetDateTime.class).toInstant());
    }

    static String payloadContext(UUID id) {
        return "notification-delivery:" + id + ":payload";
    }
}
