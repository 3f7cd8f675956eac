package jp.uketsuke.identity.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.identity.Viewer;

/**
 * Where an administration page acts: one tenant, or the platform itself ({@code tenantId} null). Platform users
 * administer the platform, and a tenant only when assigned to it; tenant users only their own tenant.
 */
record AdminScope(UUID tenantId) {

    static final AdminScope PLATFORM = new AdminScope(null);

    public boolean platform() {
        return tenantId == null;
    }

    /** Whether the viewer holds the permission here. */
    boolean allows(Viewer viewer, String permission) {
        return platform() ? viewer.mayOnPlatform(permission) : viewer.may(permission, tenantId);
    }

    /** The audit target naming this scope. */
    String target() {
        return platform() ? "platform" : "tenant:" + tenantId;
    }

    /**
     * The scope a request asks for ({@code ?tenant=…}), or the viewer's default: the platform for platform users when
     * the page has a platform level, else their own tenant or the first of {@code reachable}. A tenant asked for but
     * out of reach, or a malformed id, is a 404.
     *
     * @param reachable tenants where the viewer holds the permission, in the order the page lists them
     */
    static Optional<AdminScope> choose(Viewer viewer, String permission, String requested, boolean platformLevel,
                                       List<UUID> reachable) {
        if (requested != null && !requested.isBlank()) {
            UUID tenant = parseId(requested.strip()).orElseThrow(Refused::notFound);
            if (!viewer.may(permission, tenant)) {
                throw Refused.notFound();
            }
            return Optional.of(new AdminScope(tenant));
        }
        if (platformLevel && viewer.mayOnPlatform(permission)) {
            return Optional.of(PLATFORM);
        }
        return viewer.ownTenant().filter(t -> viewer.may(permission, t)).or(() -> reachable.stream().findFirst())
                .map(AdminScope::new);
    }

    /** Only the canonical 36-character form: anything else is no id of ours. */
    static Optional<UUID> parseId(String id) {
        if (id == null || id.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
