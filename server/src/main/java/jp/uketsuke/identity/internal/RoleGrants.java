package jp.uketsuke.identity.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Role;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.identity.internal.CustomRoles.CustomRole;
import org.springframework.stereotype.Component;

/**
 * Who may give which role (S3): the one rule behind a role change on the users page, an invitation, and re-enabling a
 * disabled user. A role may be given by whoever holds every permission of it that manages others' access
 * ({@link Permissions#MANAGING_ACCESS}), so that a user manager gives staff roles but never makes an administrator;
 * which data a built-in role reads is the matrix's decision, and a custom role's was bounded by its writer when it was
 * written ({@link RoleAdministration}). A user gets a role of the scope they belong to: the scope's built-in roles,
 * then its custom roles.
 */
@Component
class RoleGrants {

    static final String BUILT_IN = "builtin:";
    static final String CUSTOM = "custom:";

    /**
     * A role a form offers.
     *
     * @param value        what the form posts: {@code builtin:NAME} or {@code custom:<id>}
     * @param role         what {@code users.role} holds: the built-in role, or for a custom role the base of its scope
     * @param customRoleId null for a built-in role
     * @param name         a message key for a built-in role, the role's own name (as its tenant wrote it) for a custom one
     */
    record RoleChoice(String value, Role role, UUID customRoleId, String name, Set<String> permissions) {

        public boolean builtIn() {
            return customRoleId == null;
        }

        static RoleChoice of(Role role) {
            return new RoleChoice(BUILT_IN + role.name(), role, null, "role." + role.name(), role.permissions());
        }

        static RoleChoice of(CustomRole role) {
            Role base = role.tenantId() == null ? StaffDirectory.PLATFORM_BASE : StaffDirectory.TENANT_BASE;
            return new RoleChoice(CUSTOM + role.id(), base, role.id(), role.name(), role.permissions());
        }
    }

    private final CustomRoles customRoles;

    RoleGrants(CustomRoles customRoles) {
        this.customRoles = customRoles;
    }

    /** May the viewer give a role holding these permissions. */
    static boolean mayGive(Viewer viewer, Set<String> rolePermissions) {
        return rolePermissions.stream().filter(Permissions.MANAGING_ACCESS::contains).allMatch(viewer::holds);
    }

    /** The roles of the scope, built-in then custom, that the viewer may give. */
    List<RoleChoice> offerable(Viewer viewer, AdminScope scope) {
        List<RoleChoice> choices = new ArrayList<>();
        Role.of(scope.platform() ? Role.Scope.PLATFORM : Role.Scope.TENANT).forEach(r -> choices.add(RoleChoice.of(r)));
        customRoles.in(scope.tenantId()).forEach(r -> choices.add(RoleChoice.of(r)));
        choices.removeIf(c -> !mayGive(viewer, c.permissions()));
        return choices;
    }

    /**
     * The role a form names, when it is one of the scope's: a built-in role of the scope's kind, or a custom role of
     * this very scope (another tenant's role is as absent as one that does not exist). Says nothing of whether the
     * viewer may give it: that is {@link #mayGive}.
     */
    Optional<RoleChoice> find(AdminScope scope, String value) {
        Role.Scope kind = scope.platform() ? Role.Scope.PLATFORM : Role.Scope.TENANT;
        if (value != null && value.startsWith(BUILT_IN)) {
            return builtIn(value.substring(BUILT_IN.length())).filter(r -> r.scope() == kind).map(RoleChoice::of);
        }
        if (value != null && value.startsWith(CUSTOM)) {
            return AdminScope.parseId(value.substring(CUSTOM.length())).flatMap(customRoles::find)
                    .filter(r -> Objects.equals(r.tenantId(), scope.tenantId())).map(RoleChoice::of);
        }
        return Optional.empty();
    }

    /** Names a custom role, existing or not: an unknown one is answered as "not found", a malformed choice as invalid. */
    static boolean namesCustomRole(String value) {
        return value != null && value.startsWith(CUSTOM);
    }

    private static Optional<Role> builtIn(String name) {
        try {
            return Optional.of(Role.valueOf(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
