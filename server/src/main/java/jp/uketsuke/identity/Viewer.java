package jp.uketsuke.identity;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who is reading, for permission checks and the audit trail. Built afresh for every request, so a changed role,
 * a removed assignment or a disabled account acts on the very next request.
 *
 * @param actor         stable id of the user or API key, e.g. "user:alice" or "apikey:uk_3f9a"
 * @param tenants       tenants this viewer may see: a tenant user's or API key's own, a platform user's assigned ones
 * @param permissions   e.g. "calls:read", "recordings:play"
 * @param sourceAddress the client address the request came from
 * @param platform      a platform user: holds its permissions at platform level too (platform users, assignments,
 *                      platform events of the operation log), and in a tenant only through an assignment
 */
public record Viewer(String actor, Set<UUID> tenants, Set<String> permissions, String sourceAddress, boolean platform) {

    public Viewer {
        tenants = Set.copyOf(tenants);
        permissions = Set.copyOf(permissions);
    }

    /** A tenant user or an API key: its own tenant only, nothing at platform level. */
    public Viewer(String actor, Set<UUID> tenants, Set<String> permissions, String sourceAddress) {
        this(actor, tenants, permissions, sourceAddress, false);
    }

    /** May do this in this tenant. A null tenant is never allowed: platform-level rights are {@link #mayOnPlatform}. */
    public boolean may(String permission, UUID tenantId) {
        return tenantId != null && permissions.contains(permission) && tenants.contains(tenantId);
    }

    /** May do this at platform level (platform users and assignments, platform events). */
    public boolean mayOnPlatform(String permission) {
        return platform && permissions.contains(permission);
    }

    /** Holds the permission at all: what an endpoint's declaration checks before the service checks the tenant. */
    public boolean holds(String permission) {
        return permissions.contains(permission);
    }

    /** The one tenant of a tenant user or API key; empty for platform users. */
    public Optional<UUID> ownTenant() {
        return platform || tenants.size() != 1 ? Optional.empty() : Optional.of(tenants.iterator().next());
    }
}
