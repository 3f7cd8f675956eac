package jp.uketsuke.identity.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.tenancy.Tenants;

/**
 * One entry of an administration page's scope picker.
 *
 * @param value the {@code tenant} parameter, blank for the platform
 * @param name  the tenant's name; blank for the platform, whose name comes from the messages
 */
record ScopeChoice(String value, String name, boolean selected) {

    /** Tenants where the viewer holds the permission, by name. */
    static List<UUID> reachable(Viewer viewer, String permission, Tenants tenants) {
        Map<UUID, String> names = viewer.tenants().stream().filter(t -> viewer.may(permission, t))
                .collect(Collectors.toMap(t -> t, t -> tenants.name(t).orElse("")));
        return names.keySet().stream().sorted(Comparator.comparing((UUID t) -> names.get(t)).thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    /** The platform (when the page has a platform level and the viewer holds the permission there) and the tenants. */
    static List<ScopeChoice> of(Viewer viewer, String permission, boolean platformLevel, List<UUID> reachable,
                                Tenants tenants, AdminScope selected) {
        List<ScopeChoice> choices = new ArrayList<>();
        if (platformLevel && viewer.mayOnPlatform(permission)) {
            choices.add(new ScopeChoice("", "", selected != null && selected.platform()));
        }
        for (UUID tenant : reachable) {
            choices.add(new ScopeChoice(tenant.toString(), tenants.name(tenant).orElse(tenant.toString()),
                    selected != null && tenant.equals(selected.tenantId())));
        }
        return choices;
    }

    public boolean platform() {
        return value.isEmpty();
    }
}
