package jp.uketsuke.identity;

import java.util.Set;
import java.util.UUID;

/**
 * Who is reading, for permission checks and the audit trail.
 *
 * @param actor         stable id of the user or API key, e.g. "user:alice" or "apikey:uk_3f9a"
 * @param tenants       tenants this viewer may see (one for tenant users and API keys)
 * @param permissions   e.g. "calls:read", "recordings:play"
 * @param sourceAddress the client address the request came from
 */
public record Viewer(String actor, Set<UUID> tenants, Set<String> permissions, String sourceAddress) {

    public Viewer {
        tenants = Set.copyOf(tenants);
        permissions = Set.copyOf(permissions);
    }

    public boolean may(String permission, UUID tenantId) {
        return permissions.contains(permission) && tenants.contains(tenantId);
    }
}
