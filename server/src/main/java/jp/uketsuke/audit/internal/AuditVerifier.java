package jp.uketsuke.audit.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Checks the whole operation log: every event's hash and link to the one before, the head, and every signed
 * checkpoint. The hash chain names the first row changed in place; the checkpoints catch what the chain alone
 * cannot, a chain rewritten with recomputed hashes or cut short together with its head.
 */
public final class AuditVerifier {

    private static final int PAGE = 500;

    private final JdbcClient jdbc;
    private final AuditSigningKey key;

    public AuditVerifier(JdbcClient jdbc, AuditSigningKey key) {
        this.jdbc = jdbc;
        this.key = key;
    }

    public AuditReport verify() {
        List<Checkpoint> checkpoints = jdbc.sql("select id, seq, hash, signed_at, signature from audit_checkpoints order by id")
                .query((rs, n) -> new Checkpoint(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5)))
                .list();
        Set<Long> pinned = new HashSet<>();
        checkpoints.forEach(c -> pinned.add(c.seq()));

        List<String> problems = new ArrayList<>();
        Map<Long, String> hashAt = new HashMap<>();
        long expectedSeq = 1;
        String prevHash = JdbcAuditLog.GENESIS;
        long checked = 0;
        long lastSeq = 0;
        long firstBroken = 0;
        walk:
        while (true) {
            List<Row> page = jdbc.sql("""
                    select seq, occurred_at, actor, tenant_id, action, target, source_address, result,
                           format_version, prev_hash, hash
                    from audit_events where seq >= ? order by seq fetch first %d rows only""".formatted(PAGE))
                    .param(expectedSeq)
                    .query((rs, n) -> new Row(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                            new AuditEvent(rs.getString(3), rs.getObject(4, UUID.class), rs.getString(5),
                                    rs.getString(6), rs.getString(7), rs.getString(8)),
                            rs.getInt(9), rs.getString(10), rs.getString(11)))
                    .list();
            for (Row row : page) {
                checked++;
                String problem = check(row, expectedSeq, prevHash);
                if (problem != null) {
                    problems.add(problem);
                    firstBroken = expectedSeq;
                    lastSeq = jdbc.sql("select coalesce(max(seq), 0) from audit_events").query(Long.class).single();
                    break walk;
                }
                if (pinned.contains(row.seq())) {
                    hashAt.put(row.seq(), row.hash());
                }
                prevHash = row.hash();
                lastSeq = row.seq();
                expectedSeq++;
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        if (firstBroken == 0) {
            var head = jdbc.sql("select seq, hash from audit_head where id = 1")
                    .query((rs, n) -> new Checkpoint(0, rs.getLong(1), rs.getString(2), null, null)).single();
            if (head.seq() != lastSeq || !head.hash().equals(prevHash)) {
                problems.add(head.seq() > lastSeq
                        ? "The log ends at event #" + lastSeq + " but its head records #" + head.seq()
                          + ": events after #" + lastSeq + " were removed."
                        : "The head of the log (#" + head.seq() + ") does not match its last event (#" + lastSeq + ").");
                firstBroken = Math.min(head.seq(), lastSeq) + 1;
            }
        }

        long expectedId = 1;
        long previousSeq = 0;
        for (Checkpoint c : checkpoints) {
            if (c.id() != expectedId) {
                problems.add("Checkpoint #" + expectedId + (c.id() > expectedId ? " is missing." : " is duplicated or out of order."));
            }
            expectedId = c.id() + 1;
            if (!signatureValid(c)) {
                problems.add(c.signature() == null || c.signature().isBlank()
                        ? "Checkpoint #" + c.id() + " (event #" + c.seq() + ") has no signature."
                        : "Checkpoint #" + c.id() + " (event #" + c.seq() + ") has a signature that does not verify: "
                          + "it was forged or altered, or was signed with another key.");
                continue;
            }
            if (c.seq() < previousSeq) {
                problems.add("Checkpoint #" + c.id() + " covers event #" + c.seq() + ", before the previous checkpoint's #"
                        + previousSeq + ": checkpoints were reordered.");
            }
            // a chain already broken before this seq was reported above; the checkpoint adds nothing there
            if (firstBroken == 0 || c.seq() < firstBroken) {
                String stored = hashAt.get(c.seq());
                if (stored == null) {
                    problems.add("The log was cut short: signed checkpoint #" + c.id() + " covers events up to #" + c.seq()
                            + " but the log ends at #" + lastSeq + ".");
                    firstBroken = firstBroken == 0 ? lastSeq + 1 : Math.min(firstBroken, lastSeq + 1);
                } else if (!stored.equals(c.hash())) {
                    problems.add("Events #" + (previousSeq + 1) + "-#" + c.seq() + " were rewritten with recomputed hashes: "
                            + "event #" + c.seq() + " does not match signed checkpoint #" + c.id() + ".");
                    firstBroken = firstBroken == 0 ? previousSeq + 1 : Math.min(firstBroken, previousSeq + 1);
                }
            }
            previousSeq = Math.max(previousSeq, c.seq());
        }
        Checkpoint newest = checkpoints.isEmpty() ? null : checkpoints.getLast();
        return new AuditReport(checked, lastSeq, firstBroken == 0 ? OptionalLong.empty() : OptionalLong.of(firstBroken),
                checkpoints.size(), newest == null ? 0 : newest.seq(), newest == null ? null : newest.signedAt(), problems);
    }

    private static String check(Row row, long expectedSeq, String prevHash) {
        if (row.seq() != expectedSeq) {
            return "Event #" + expectedSeq + " was removed (the next stored event is #" + row.seq() + ").";
        }
        if (row.formatVersion() != JdbcAuditLog.FORMAT_VERSION
                || !row.hash().equals(JdbcAuditLog.hash(row.formatVersion(), row.seq(), row.occurredAt(), row.event(), row.prevHash()))) {
            return "Event #" + row.seq() + " was altered or moved: its contents do not match its hash.";
        }
        if (!row.prevHash().equals(prevHash)) {
            return "Event #" + row.seq() + " does not link to event #" + (row.seq() - 1)
                    + ": events were reordered, or an earlier one rewritten.";
        }
        return null;
    }

    private boolean signatureValid(Checkpoint c) {
        if (c.signature() == null || c.signature().isBlank()) {
            return false;
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(c.signature());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return key.verifies(AuditCheckpoints.signedBytes(c.id(), c.seq(), c.hash(), c.signedAt()), signature);
    }

    private record Checkpoint(long id, long seq, String hash, Instant signedAt, String signature) {
    }

    private record Row(long seq, Instant occurredAt, AuditEvent event, int formatVersion, String prevHash, String hash) {
    }
}
