package jp.uketsuke.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.identity.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The users of a tenant or of the platform as their administrators see them: role (built-in or custom), the
 * permissions that follow from it, second factor, last sign-in, enabled. Also where a user's role is changed.
 */
@Repository
class StaffDirectory {

    /** What {@code users.role} says of a custom role's holder: only where they belong. */
    static final Role TENANT_BASE = Role.TENANT_MEMBER;
    static final Role PLATFORM_BASE = Role.AUDITOR;

    private static final String SELECT = """
            SELECT u.id, u.username, u.tenant_id, u.role, u.custom_role_id, u.enabled, u.last_login_at,
                   r.name AS custom_name, r.tenant_id AS custom_tenant, r.permissions AS custom_permissions,
                   (SELECT COUNT(*) FROM user_mfa m WHERE m.user_id = u.id) AS mfa
            FROM users u LEFT JOIN custom_roles r ON r.id = u.custom_role_id""";

    /**
     * One user.
     *
     * @param customRoleId   null when the user holds the built-in {@code role}
     * @param permissions    what the user holds: the custom role's when there is one, else the built-in role's
     */
    record StaffMember(UUID id, String username, UUID tenantId, Role role, UUID customRoleId, String customRoleName,
                       Set<String> permissions, boolean mfaEnrolled, Instant lastLoginAt, boolean enabled) {

        boolean platform() {
            return tenantId == null;
        }

        String actor() {
            return "user:" + username;
        }
    }

    private final JdbcClient jdbc;

    StaffDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<StaffMember> find(UUID id) {
        return jdbc.sql(SELECT + " WHERE u.id = ?").param(id).query(StaffDirectory::map).optional();
    }

    /** The users of a tenant, or of the platform for a null tenant, by name. */
    List<StaffMember> in(UUID tenantId) {
        return tenantId == null
                ? jdbc.sql(SELECT + " WHERE u.tenant_id IS NULL ORDER BY u.username").query(StaffDirectory::map).list()
                : jdbc.sql(SELECT + " WHERE u.tenant_id = ? ORDER BY u.username").param(tenantId).query(StaffDirectory::map).list();
    }

    /** Gives a built-in role (customRoleId null) or a custom role, whose holder's {@code role} becomes the base of its scope. */
    void giveRole(UUID userId, Role role, UUID customRoleId) {
        jdbc.sql("UPDATE users SET role = ?, custom_role_id = ? WHERE id = ?").params(role.name(), customRoleId, userId).update();
    }

    private static StaffMember map(ResultSet rs, int row) throws SQLException {
        UUID tenant = rs.getObject("tenant_id", UUID.class);
        Role role = Role.valueOf(rs.getString("role"));
        UUID customRole = rs.getObject("custom_role_id", UUID.class);
        Set<String> permissions;
        if (customRole == null) {
            permissions = role.permissions();
        } else {
            // a custom role of another scope grants nothing, should one ever be linked by hand
            boolean sameScope = rs.getString("custom_name") != null
                    && Objects.equals(rs.getObject("custom_tenant", UUID.class), tenant);
            permissions = sameScope ? PermissionList.parse(rs.getString("custom_permissions")) : Set.of();
        }
        Timestamp lastLogin = rs.getTimestamp("last_login_at");
        return new StaffMember(rs.getObject("id", UUID.class), rs.getString("username"), tenant, role, customRole,
                rs.getString("custom_name"), permissions, rs.getLong("mfa") > 0,
                lastLogin == null ? null : lastLogin.toInstant(), rs.getBoolean("enabled"));
    }
}
