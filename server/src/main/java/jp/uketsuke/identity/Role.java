package jp.uketsuke.identity;

import java.util.Set;

/** The one place where roles get their permissions (S3). A later issue widens the matrix. */
public enum Role {
    /** Runs the installation; sees every tenant. */
    PLATFORM_ADMIN(Set.of(Permissions.CALLS_READ, Permissions.RECORDINGS_PLAY, Permissions.AUDIT_READ)),
    /** Administers one tenant. */
    TENANT_ADMIN(Set.of(Permissions.CALLS_READ, Permissions.RECORDINGS_PLAY)),
    /** Staff of one tenant. */
    TENANT_MEMBER(Set.of(Permissions.CALLS_READ, Permissions.RECORDINGS_PLAY));

    private final Set<String> permissions;

    Role(Set<String> permissions) {
        this.permissions = permissions;
    }

    public Set<String> permissions() {
        return permissions;
    }

    /** Platform roles have no tenant of their own. */
    public boolean platformWide() {
        return this == PLATFORM_ADMIN;
    }
}
