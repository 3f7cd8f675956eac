package jp.uketsuke.identity.internal;

import java.util.Set;
import java.util.UUID;
import jp.uketsuke.identity.Permissions;

/**
 * What a signed-in user may do on this request, read afresh on every request (by {@link AccountStateFilter}) so that a
 * changed role, an edited custom role or a removed assignment acts at once on every open session.
 *
 * @param tenants  a tenant user's own tenant, or a platform user's assigned tenants
 * @param platform a platform user
 */
record Access(Set<String> permissions, Set<UUID> tenants, boolean platform) {

    /** Request attribute that carries the access from the filter to {@link SecurityCurrentViewer}. */
    static final String ATTRIBUTE = "uketsuke.access";

    Access {
        permissions = Set.copyOf(permissions);
        tenants = Set.copyOf(tenants);
    }

    /** Whoever manages others' access must use a second factor, also when a custom role gives them that power. */
    boolean managesAccess() {
        return permissions.stream().anyMatch(Permissions.MANAGING_ACCESS::contains);
    }
}
