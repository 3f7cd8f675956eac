package jp.uketsuke.identity.internal;

import static jp.uketsuke.identity.Permissions.ROLES_MANAGE;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Role;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.identity.internal.CustomRoles.CustomRole;
import org.springframework.stereotype.Service;

/**
 * Custom roles ({@code roles:manage}): a tenant's (or the platform's) own named sets of permissions. A role never
 * holds more than whoever writes it holds, nor anything the built-in roles of its scope could not hold.
 */
@Service
class RoleAdministration {

    static final int MAX_NAME = 100;

    private final CustomRoles roles;
    private final AuditLog audit;

    RoleAdministration(CustomRoles roles, AuditLog audit) {
        this.roles = roles;
        this.audit = audit;
    }

    List<CustomRole> roles(Viewer viewer, AdminScope scope) {
        if (!scope.allows(viewer, ROLES_MANAGE)) {
            throw Refused.notFound();
        }
        return roles.in(scope.tenantId());
    }

    /** The permissions the viewer may put into a role of this scope, in the documentation's order. */
    static List<String> offerable(Viewer viewer, AdminScope scope) {
        Set<String> scopeMost = Role.grantableIn(scope.platform() ? Role.Scope.PLATFORM : Role.Scope.TENANT);
        return Permissions.IN_ORDER.stream().filter(scopeMost::contains).filter(viewer::holds).toList();
    }

    UUID create(Viewer viewer, AdminScope scope, String name, List<String> permissions) {
        if (!scope.allows(viewer, ROLES_MANAGE)) {
            record(viewer, scope.tenantId(), "role.create", scope.target(), AuditEvent.DENIED);
            throw Refused.notFound();
        }
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > MAX_NAME || cleanName.chars().anyMatch(Character::isISOControl)) {
            throw Refused.invalid("roles.error.name");
        }
        Set<String> granted = checked(viewer, scope, permissions, "role.create", scope.target());
        UUID id = roles.create(scope.tenantId(), cleanName, granted, viewer.actor())
                .orElseThrow(() -> Refused.invalid("roles.error.nameTaken"));
        record(viewer, scope.tenantId(), "role.create", "role:" + id, AuditEvent.OK);
        return id;
    }

    /** New permissions for a role; its holders have them from their next request on. */
    CustomRole update(Viewer viewer, UUID roleId, List<String> permissions) {
        CustomRole role = reachable(viewer, roleId, "role.update");
        AdminScope scope = new AdminScope(role.tenantId());
        roles.update(role.id(), checked(viewer, scope, permissions, "role.update", "role:" + role.id()));
        record(viewer, role.tenantId(), "role.update", "role:" + role.id(), AuditEvent.OK);
        return role;
    }

    CustomRole delete(Viewer viewer, UUID roleId) {
        CustomRole role = reachable(viewer, roleId, "role.delete");
        if (!roles.deleteUnused(role.id())) {
            record(viewer, role.tenantId(), "role.delete", "role:" + role.id(), AuditEvent.DENIED);
            throw Refused.invalid("roles.error.inUse");
        }
        record(viewer, role.tenantId(), "role.delete", "role:" + role.id(), AuditEvent.OK);
        return role;
    }

    private CustomRole reachable(Viewer viewer, UUID roleId, String action) {
        CustomRole role = roles.find(roleId).orElse(null);
        if (role == null) {
            record(viewer, null, action, "role:" + roleId, AuditEvent.NOT_FOUND);
            throw Refused.notFound();
        }
        if (!new AdminScope(role.tenantId()).allows(viewer, ROLES_MANAGE)) {
            record(viewer, role.tenantId(), action, "role:" + roleId, AuditEvent.DENIED);
            throw Refused.notFound();
        }
        return role;
    }

    /** The permissions asked for, when they are real, held by the viewer and possible in the scope. */
    private Set<String> checked(Viewer viewer, AdminScope scope, List<String> requested, String action, String target) {
        Set<String> asked = new HashSet<>(requested == null ? List.of() : requested);
        if (asked.isEmpty()) {
            throw Refused.invalid("roles.error.empty");
        }
        if (!Permissions.ALL.containsAll(asked)) {
            throw Refused.invalid("roles.error.unknown");
        }
        if (!viewer.permissions().containsAll(asked)) {
            // a hand-made form asking for more than the writer holds
            record(viewer, scope.tenantId(), action, target, AuditEvent.DENIED);
            throw Refused.forbidden("roles.error.moreThanYours");
        }
        if (!Role.grantableIn(scope.platform() ? Role.Scope.PLATFORM : Role.Scope.TENANT).containsAll(asked)) {
            throw Refused.invalid("roles.error.notInScope");
        }
        return Set.copyOf(asked);
    }

    private void record(Viewer viewer, UUID tenantId, String action, String target, String result) {
        audit.record(new AuditEvent(viewer.actor(), tenantId, action, target, viewer.sourceAddress(), result));
    }
}
