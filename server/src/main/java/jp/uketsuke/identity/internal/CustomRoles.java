package jp.uketsuke.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Table {@code custom_roles}: named permission sets of one tenant, or of the platform (null tenant). */
@Repository
class CustomRoles {

    /** @param holders how many users hold it now */
    record CustomRole(UUID id, UUID tenantId, String name, Set<String> permissions, long holders) {
    }

    private static final String SELECT = """
            SELECT r.id, r.tenant_id, r.name, r.permissions,
                   (SELECT COUNT(*) FROM users u WHERE u.custom_role_id = r.id) AS holders
            FROM custom_roles r""";

    private final JdbcClient jdbc;
    private final Clock clock;

    CustomRoles(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Optional<CustomRole> find(UUID id) {
        return jdbc.sql(SELECT + " WHERE r.id = ?").param(id).query(CustomRoles::map).optional();
    }

    /** The roles of a tenant, or of the platform for a null tenant, by name. */
    List<CustomRole> in(UUID tenantId) {
        return tenantId == null
                ? jdbc.sql(SELECT + " WHERE r.tenant_id IS NULL ORDER BY r.name").query(CustomRoles::map).list()
                : jdbc.sql(SELECT + " WHERE r.tenant_id = ? ORDER BY r.name").param(tenantId).query(CustomRoles::map).list();
    }

    /** Empty when the scope already has a role of that name. */
    Optional<UUID> create(UUID tenantId, String name, Set<String> permissions, String createdBy) {
        if (in(tenantId).stream().anyMatch(r -> r.name().equals(name))) {
            return Optional.empty();
        }
        UUID id = UUID.randomUUID();
        try {
            jdbc.sql("""
                            INSERT INTO custom_roles (id, tenant_id, name, permissions, created_by, created_at)
                            VALUES (?, ?, ?, ?, ?, ?)""")
                    .params(id, tenantId, name, PermissionList.join(permissions), createdBy,
                            clock.instant().atOffset(ZoneOffset.UTC))
                    .update();
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
        return Optional.of(id);
    }

    void update(UUID id, Set<String> permissions) {
        jdbc.sql("UPDATE custom_roles SET permissions = ? WHERE id = ?").params(PermissionList.join(permissions), id).update();
    }

    /** Deletes the role unless someone holds it; false when it is in use (or gone). */
    boolean deleteUnused(UUID id) {
        return jdbc.sql("DELETE FROM custom_roles WHERE id = ? AND NOT EXISTS (SELECT 1 FROM users WHERE custom_role_id = ?)")
                .params(id, id).update() > 0;
    }

    private static CustomRole map(ResultSet rs, int row) throws SQLException {
        return new CustomRole(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class), rs.getString("name"),
                PermissionList.parse(rs.getString("permissions")), rs.getLong("holders"));
    }
}
