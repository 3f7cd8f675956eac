package jp.uketsuke.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Table {@code assignments}: which tenants a platform user serves (operator X serves clients A and B). */
@Repository
class Assignments {

    record Assignment(UUID userId, String username, UUID tenantId, String assignedBy, Instant assignedAt) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    Assignments(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Set<UUID> tenantsOf(UUID userId) {
        return Set.copyOf(jdbc.sql("SELECT tenant_id FROM assignments WHERE user_id = ?").param(userId).query(UUID.class).list());
    }

    List<Assignment> all() {
        return jdbc.sql("""
                        SELECT a.user_id, u.username, a.tenant_id, a.assigned_by, a.assigned_at
                        FROM assignments a JOIN users u ON u.id = a.user_id ORDER BY u.username, a.assigned_at""")
                .query((rs, n) -> new Assignment(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                        rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant()))
                .list();
    }

    /** False when the user was already assigned to the tenant. */
    boolean add(UUID userId, UUID tenantId, String assignedBy) {
        try {
            return jdbc.sql("INSERT INTO assignments (user_id, tenant_id, assigned_by, assigned_at) VALUES (?, ?, ?, ?)")
                    .params(userId, tenantId, assignedBy, clock.instant().atOffset(ZoneOffset.UTC)).update() == 1;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    boolean remove(UUID userId, UUID tenantId) {
        return jdbc.sql("DELETE FROM assignments WHERE user_id = ? AND tenant_id = ?").params(userId, tenantId).update() > 0;
    }
}
