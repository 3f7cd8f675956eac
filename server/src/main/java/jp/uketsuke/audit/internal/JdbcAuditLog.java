package jp.uketsuke.audit.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.audit.AuditVerification;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The operation log in table {@code audit_events}. Each append locks the one-row {@code audit_head}, so appends
 * from all nodes form a single chain, and commits in a transaction of its own: an event is stored even when
 * the caller's own transaction later rolls back.
 */
public final class JdbcAuditLog implements AuditLog {

    static final int FORMAT_VERSION = 1;
    static final String GENESIS = "0".repeat(64);
    private static final int PAGE = 500;

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    public JdbcAuditLog(JdbcClient jdbc, PlatformTransactionManager transactionManager, Clock clock) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    @Override
    public void record(AuditEvent event) {
        checkLength("actor", event.actor(), 200);
        checkLength("action", event.action(), 100);
        checkLength("target", event.target(), 200);
        checkLength("sourceAddress", event.sourceAddress(), 100);
        checkLength("result", event.result(), 50);
        // both databases keep microseconds; hash what will be read back
        Instant occurredAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        ownTransaction.executeWithoutResult(status -> {
            Head head = jdbc.sql("select seq, hash from audit_head where id = 1 for update")
                    .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2)))
                    .single();
            long seq = head.seq() + 1;
            String hash = hash(FORMAT_VERSION, seq, occurredAt, event, head.hash());
            jdbc.sql("""
                    insert into audit_events (seq, occurred_at, actor, tenant_id, action, target, source_address,
                                              result, format_version, prev_hash, hash)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(seq, OffsetDateTime.ofInstant(occurredAt, ZoneOffset.UTC), event.actor(), event.tenantId(),
                            event.action(), event.target(), event.sourceAddress(), event.result(),
                            FORMAT_VERSION, head.hash(), hash)
                    .update();
            jdbc.sql("update audit_head set seq = ?, hash = ? where id = 1").params(seq, hash).update();
        });
    }

    @Override
    public AuditVerification verify() {
        long expectedSeq = 1;
        String prevHash = GENESIS;
        long checked = 0;
        while (true) {
            List<StoredEvent> page = jdbc.sql("""
                    select seq, occurred_at, actor, tenant_id, action, target, source_address, result,
                           format_version, prev_hash, hash
                    from audit_events where seq >= ? order by seq fetch first %d rows only""".formatted(PAGE))
                    .param(expectedSeq)
                    .query((rs, n) -> new StoredEvent(rs.getLong(1),
                            rs.getObject(2, OffsetDateTime.class).toInstant(),
                            new AuditEvent(rs.getString(3), rs.getObject(4, UUID.class), rs.getString(5),
                                    rs.getString(6), rs.getString(7), rs.getString(8)),
                            rs.getInt(9), rs.getString(10), rs.getString(11)))
                    .list();
            for (StoredEvent row : page) {
                checked++;
                if (row.seq() != expectedSeq || !row.prevHash().equals(prevHash) || row.formatVersion() != FORMAT_VERSION
                        || !row.hash().equals(hash(row.formatVersion(), row.seq(), row.occurredAt(), row.event(), prevHash))) {
                    // a gap reports the missing seq; anything else the row that does not match
                    return new AuditVerification(checked, OptionalLong.of(expectedSeq));
                }
                prevHash = row.hash();
                expectedSeq++;
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        Head head = jdbc.sql("select seq, hash from audit_head where id = 1")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2)))
                .single();
        if (head.seq() != expectedSeq - 1 || !head.hash().equals(prevHash)) {
            // rows were removed from the end (or the head was altered)
            return new AuditVerification(checked, OptionalLong.of(Math.min(head.seq(), expectedSeq)));
        }
        return new AuditVerification(checked, OptionalLong.empty());
    }

    /** SHA-256 over a length-prefixed encoding of every field, so no two different rows encode alike. */
    static String hash(int formatVersion, long seq, Instant occurredAt, AuditEvent event, String prevHash) {
        var bytes = new ByteArrayOutputStream(256);
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(formatVersion);
            out.writeLong(seq);
            field(out, occurredAt.toString());
            field(out, event.actor());
            field(out, event.tenantId() == null ? null : event.tenantId().toString());
            field(out, event.action());
            field(out, event.target());
            field(out, event.sourceAddress());
            field(out, event.result());
            field(out, prevHash);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void field(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static void checkLength(String name, String value, int max) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException("Audit field " + name + " is longer than " + max + " characters");
        }
    }

    private record Head(long seq, String hash) {
    }

    private record StoredEvent(long seq, Instant occurredAt, AuditEvent event, int formatVersion, String prevHash,
                               String hash) {
    }
}
