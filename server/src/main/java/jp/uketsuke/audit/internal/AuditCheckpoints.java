package jp.uketsuke.audit.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signs the chain head of the operation log into {@code audit_checkpoints}. A checkpoint pins every event up to
 * its seq: rewriting them, even with recomputed hashes, or cutting the log short no longer goes unnoticed.
 */
public final class AuditCheckpoints {

    private static final String PURPOSE = "uketsuke-audit-checkpoint";

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final AuditSigningKey key;
    private final Clock clock;

    public AuditCheckpoints(JdbcClient jdbc, PlatformTransactionManager transactionManager, AuditSigningKey key, Clock clock) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.key = key;
        this.clock = clock;
    }

    /** Signs the current head unless the last checkpoint already covers it; returns the new checkpoint's id. */
    public Optional<Long> sign() {
        Instant signedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return ownTransaction.execute(status -> {
            // the head's row lock also orders checkpoints written by several nodes
            var head = jdbc.sql("select seq, hash from audit_head where id = 1 for update")
                    .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)}).single();
            long seq = (Long) head[0];
            String hash = (String) head[1];
            var last = jdbc.sql("select id, seq from audit_checkpoints order by id desc fetch first 1 rows only")
                    .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).optional();
            if (seq == 0 || last.isPresent() && last.get()[1] == seq) {
                return Optional.<Long>empty();
            }
            long id = last.map(l -> l[0] + 1).orElse(1L);
            byte[] signature = key.sign(signedBytes(id, seq, hash, signedAt));
            jdbc.sql("insert into audit_checkpoints (id, seq, hash, signed_at, key_id, signature) values (?, ?, ?, ?, ?, ?)")
                    .params(id, seq, hash, OffsetDateTime.ofInstant(signedAt, ZoneOffset.UTC), key.keyId(),
                            Base64.getEncoder().encodeToString(signature))
                    .update();
            return Optional.of(id);
        });
    }

    /** What a checkpoint's signature covers: a length-prefixed encoding, so no two checkpoints encode alike. */
    static byte[] signedBytes(long id, long seq, String hash, Instant signedAt) {
        var bytes = new ByteArrayOutputStream(160);
        try (var out = new DataOutputStream(bytes)) {
            for (String text : new String[] {PURPOSE, hash, signedAt.toString()}) {
                byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
            out.writeLong(id);
            out.writeLong(seq);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
