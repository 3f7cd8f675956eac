package jp.uketsuke.identity.internal;

import static jp.uketsuke.identity.Permissions.USERS_MANAGE;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Role;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.identity.internal.Assignments.Assignment;
import jp.uketsuke.identity.internal.CustomRoles.CustomRole;
import jp.uketsuke.identity.internal.StaffDirectory.StaffMember;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Managing users ({@code users:manage}): their roles, deactivation, and which tenants platform users are assigned to.
 * Nobody gives a role with power over others' access ({@link Permissions#MANAGING_ACCESS}) that they do not hold
 * themselves, so a user manager cannot make an administrator; which data a built-in role reads is the matrix's
 * decision, and a custom role's was bounded by its writer. Every change and every refusal is in the audit log.
 */
@Service
class UserAdministration {

    static final String BUILT_IN = "builtin:";
    static final String CUSTOM = "custom:";

    /**
     * A role the viewer may give: built-in (its name is a message key) or custom (its name as its tenant wrote it).
     *
     * @param value what the form posts: {@code builtin:NAME} or {@code custom:<id>}
     */
    record RoleOption(String value, boolean builtIn, String name, Set<String> permissions) {
    }

    private final StaffDirectory directory;
    private final UserAccounts accounts;
    private final CustomRoles customRoles;
    private final Assignments assignments;
    private final ActiveSessions sessions;
    private final Tenants tenants;
    private final AuditLog audit;

    UserAdministration(StaffDirectory directory, UserAccounts accounts, CustomRoles customRoles, Assignments assignments,
                       ActiveSessions sessions, Tenants tenants, AuditLog audit) {
        this.directory = directory;
        this.accounts = accounts;
        this.customRoles = customRoles;
        this.assignments = assignments;
        this.sessions = sessions;
        this.tenants = tenants;
        this.audit = audit;
    }

    List<StaffMember> users(Viewer viewer, AdminScope scope) {
        if (!scope.allows(viewer, USERS_MANAGE)) {
            throw Refused.notFound();
        }
        // user names and sign-in times of staff are personal data too
        record(viewer, scope.tenantId(), "user.list", scope.target(), AuditEvent.OK);
        return directory.in(scope.tenantId());
    }

    /** The roles of the scope, built-in then custom, that the viewer may give. */
    List<RoleOption> grantableRoles(Viewer viewer, AdminScope scope) {
        List<RoleOption> options = new ArrayList<>();
        for (Role role : Role.of(scope.platform() ? Role.Scope.PLATFORM : Role.Scope.TENANT)) {
            options.add(new RoleOption(BUILT_IN + role.name(), true, "role." + role.name(), role.permissions()));
        }
        for (CustomRole role : customRoles.in(scope.tenantId())) {
            options.add(new RoleOption(CUSTOM + role.id(), false, role.name(), role.permissions()));
        }
        options.removeIf(o -> !mayGive(viewer, o.permissions()));
        return options;
    }

    /** @return the user, as they were before the change */
    @Transactional
    StaffMember changeRole(Viewer viewer, UUID userId, String choice) {
        StaffMember member = reachable(viewer, userId, "user.role.change");
        if (viewer.actor().equals(member.actor())) {
            record(viewer, member.tenantId(), "user.role.change", member.actor(), AuditEvent.DENIED);
            throw Refused.invalid("users.error.self");
        }
        Role.Scope scope = member.platform() ? Role.Scope.PLATFORM : Role.Scope.TENANT;
        Role role;
        UUID customRoleId = null;
        Set<String> permissions;
        if (choice != null && choice.startsWith(BUILT_IN)) {
            role = builtIn(choice.substring(BUILT_IN.length()))
                    .filter(r -> r.scope() == scope).orElseThrow(() -> Refused.invalid("users.error.role"));
            permissions = role.permissions();
        } else if (choice != null && choice.startsWith(CUSTOM)) {
            // another tenant's role (or a platform role for a tenant user) is as absent as one that does not exist
            CustomRole custom = AdminScope.parseId(choice.substring(CUSTOM.length())).flatMap(customRoles::find)
                    .filter(r -> Objects.equals(r.tenantId(), member.tenantId()))
                    .orElseThrow(Refused::notFound);
            role = member.platform() ? StaffDirectory.PLATFORM_BASE : StaffDirectory.TENANT_BASE;
            customRoleId = custom.id();
            permissions = custom.permissions();
        } else {
            throw Refused.invalid("users.error.role");
        }
        if (!mayGive(viewer, permissions)) {
            record(viewer, member.tenantId(), "user.role.change", member.actor(), AuditEvent.DENIED);
            throw Refused.forbidden("users.error.moreThanYours");
        }
        directory.giveRole(member.id(), role, customRoleId);
        record(viewer, member.tenantId(), "user.role.change", member.actor(), AuditEvent.OK);
        return member;
    }

    /** @return the user, as they were before */
    StaffMember deactivate(Viewer viewer, UUID userId) {
        StaffMember member = reachable(viewer, userId, "user.disable");
        if (viewer.actor().equals(member.actor())) {
            record(viewer, member.tenantId(), "user.disable", member.actor(), AuditEvent.DENIED);
            throw Refused.invalid("users.error.self");
        }
        accounts.disable(member.username());
        // the account check refuses their sessions anyway; this also empties their list of sessions
        sessions.endAll(member.username());
        record(viewer, member.tenantId(), "user.disable", member.actor(), AuditEvent.OK);
        return member;
    }

    List<Assignment> assignments(Viewer viewer) {
        requirePlatformAdministration(viewer, "assignment.list");
        return assignments.all();
    }

    /** Platform users who could be assigned: enabled ones. */
    List<StaffMember> assignable(Viewer viewer) {
        requirePlatformAdministration(viewer, "assignment.list");
        return directory.in(null).stream().filter(StaffMember::enabled).toList();
    }

    void assign(Viewer viewer, UUID userId, UUID tenantId) {
        requirePlatformAdministration(viewer, "assignment.create");
        StaffMember member = directory.find(userId).filter(StaffMember::platform).orElse(null);
        if (member == null || tenants.name(tenantId).isEmpty()) {
            record(viewer, null, "assignment.create", "user:" + userId, AuditEvent.NOT_FOUND);
            throw Refused.notFound();
        }
        if (!member.enabled()) {
            record(viewer, tenantId, "assignment.create", member.actor(), AuditEvent.DENIED);
            throw Refused.invalid("assignments.error.disabled");
        }
        assignments.add(member.id(), tenantId, viewer.actor());
        // in the tenant's own log: its administrators see who was given access to their data
        record(viewer, tenantId, "assignment.create", member.actor(), AuditEvent.OK);
    }

    void unassign(Viewer viewer, UUID userId, UUID tenantId) {
        requirePlatformAdministration(viewer, "assignment.remove");
        Optional<StaffMember> member = directory.find(userId).filter(StaffMember::platform);
        if (member.isEmpty() || !assignments.remove(userId, tenantId)) {
            record(viewer, null, "assignment.remove", "user:" + userId, AuditEvent.NOT_FOUND);
            throw Refused.notFound();
        }
        record(viewer, tenantId, "assignment.remove", member.get().actor(), AuditEvent.OK);
    }

    /** The user, when the viewer manages users where the user belongs; otherwise 404, as for no such user. */
    private StaffMember reachable(Viewer viewer, UUID userId, String action) {
        Optional<StaffMember> member = directory.find(userId);
        if (member.isEmpty()) {
            record(viewer, null, action, "user:" + userId, AuditEvent.NOT_FOUND);
            throw Refused.notFound();
        }
        if (!new AdminScope(member.get().tenantId()).allows(viewer, USERS_MANAGE)) {
            record(viewer, member.get().tenantId(), action, member.get().actor(), AuditEvent.DENIED);
            throw Refused.notFound();
        }
        return member.get();
    }

    /** A role may be given by whoever holds every permission of it that manages others' access. */
    static boolean mayGive(Viewer viewer, Set<String> rolePermissions) {
        return rolePermissions.stream().filter(Permissions.MANAGING_ACCESS::contains).allMatch(viewer::holds);
    }

    private void requirePlatformAdministration(Viewer viewer, String action) {
        if (!viewer.mayOnPlatform(USERS_MANAGE)) {
            record(viewer, null, action, "platform", AuditEvent.DENIED);
            throw Refused.forbidden("error.forbidden.text");
        }
    }

    private static Optional<Role> builtIn(String name) {
        try {
            return Optional.of(Role.valueOf(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void record(Viewer viewer, UUID tenantId, String action, String target, String result) {
        audit.record(new AuditEvent(viewer.actor(), tenantId, action, target, viewer.sourceAddress(), result));
    }
}
