package jp.uketsuke.identity;

import static jp.uketsuke.identity.Permissions.AUDIT_READ;
import static jp.uketsuke.identity.Permissions.CALLS_DELETE;
import static jp.uketsuke.identity.Permissions.CALLS_EXPORT;
import static jp.uketsuke.identity.Permissions.CALLS_READ;
import static jp.uketsuke.identity.Permissions.FAQ_EDIT;
import static jp.uketsuke.identity.Permissions.FLOWS_EDIT;
import static jp.uketsuke.identity.Permissions.INCIDENTS_MANAGE;
import static jp.uketsuke.identity.Permissions.KEYS_MANAGE;
import static jp.uketsuke.identity.Permissions.NOTIFY_MANAGE;
import static jp.uketsuke.identity.Permissions.NUMBERS_MANAGE;
import static jp.uketsuke.identity.Permissions.RECORDINGS_PLAY;
import static jp.uketsuke.identity.Permissions.ROLES_MANAGE;
import static jp.uketsuke.identity.Permissions.SCREENING_TRAIN;
import static jp.uketsuke.identity.Permissions.SETTINGS_MANAGE;
import static jp.uketsuke.identity.Permissions.TRANSCRIPTS_UNREDACTED;
import static jp.uketsuke.identity.Permissions.USERS_MANAGE;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The built-in roles and their permissions: the one place of the permission matrix (S3). Platform roles belong to the
 * agency and reach a tenant's data only through an explicit assignment; tenant roles reach their own tenant only.
 */
public enum Role {
    /** Runs the installation: users, numbers, settings, keys. Reads calls only of tenants assigned to them. */
    PLATFORM_ADMIN(Scope.PLATFORM, Set.of(CALLS_READ, RECORDINGS_PLAY, FAQ_EDIT, FLOWS_EDIT, SCREENING_TRAIN,
            NUMBERS_MANAGE, NOTIFY_MANAGE, USERS_MANAGE, ROLES_MANAGE, AUDIT_READ, KEYS_MANAGE, SETTINGS_MANAGE)),
    /** Watches over security: the operation log, incidents, keys, account lifecycle. Reads no calls. */
    SECURITY_OFFICER(Scope.PLATFORM, Set.of(AUDIT_READ, INCIDENTS_MANAGE, KEYS_MANAGE, USERS_MANAGE)),
    /** Leads the operators: everything about the assigned clients' calls and what the bot says. */
    SUPERVISOR(Scope.PLATFORM, Set.of(CALLS_READ, CALLS_EXPORT, RECORDINGS_PLAY, TRANSCRIPTS_UNREDACTED, FAQ_EDIT,
            FLOWS_EDIT, SCREENING_TRAIN, NOTIFY_MANAGE)),
    /** Handles the assigned clients' calls, and tells the screening which of them were sales calls. */
    OPERATOR(Scope.PLATFORM, Set.of(CALLS_READ, RECORDINGS_PLAY, TRANSCRIPTS_UNREDACTED, SCREENING_TRAIN)),
    /** An ISMS / Pマーク auditor: reads the operation log, nothing else. */
    AUDITOR(Scope.PLATFORM, Set.of(AUDIT_READ)),
    /** Administers one tenant. */
    TENANT_ADMIN(Scope.TENANT, Set.of(CALLS_READ, CALLS_EXPORT, CALLS_DELETE, RECORDINGS_PLAY, TRANSCRIPTS_UNREDACTED,
            FAQ_EDIT, FLOWS_EDIT, SCREENING_TRAIN, NOTIFY_MANAGE, USERS_MANAGE, ROLES_MANAGE, AUDIT_READ, KEYS_MANAGE,
            SETTINGS_MANAGE)),
    /** Staff of one tenant. */
    TENANT_MEMBER(Scope.TENANT, Set.of(CALLS_READ, RECORDINGS_PLAY));

    /** Where a role's holders belong. */
    public enum Scope {
        /** The agency running Uketsuke; tenants are reached through assignments. */
        PLATFORM,
        /** One client company. */
        TENANT
    }

    private final Scope scope;
    private final Set<String> permissions;

    Role(Scope scope, Set<String> permissions) {
        this.scope = scope;
        this.permissions = permissions;
    }

    public Set<String> permissions() {
        return permissions;
    }

    public Scope scope() {
        return scope;
    }

    /** Platform roles have no tenant of their own. */
    public boolean platformWide() {
        return scope == Scope.PLATFORM;
    }

    /** The built-in roles of a scope, in the order above. */
    public static List<Role> of(Scope scope) {
        return Arrays.stream(values()).filter(r -> r.scope == scope).toList();
    }

    /** The most a custom role of this scope may hold: what the scope's built-in roles hold between them. */
    public static Set<String> grantableIn(Scope scope) {
        return of(scope).stream().flatMap(r -> r.permissions.stream()).collect(Collectors.toUnmodifiableSet());
    }
}
