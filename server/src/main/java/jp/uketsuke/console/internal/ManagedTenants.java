package jp.uketsuke.console.internal;

import java.util.List;
import java.util.UUID;
import jp.uketsuke.identity.Viewer;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** The tenants a viewer holds a page's permission for, and the one such a page acts on. */
final class ManagedTenants {

    private ManagedTenants() {
    }

    /** The viewer's tenants where it holds {@code permission}, in a stable order. */
    static List<UUID> of(Viewer viewer, String permission) {
        return viewer.tenants().stream().filter(id -> viewer.may(permission, id)).sorted().toList();
    }

    /**
     * The tenant asked for, or the viewer's first one; a tenant the viewer may not act on is not found (404, so a
     * page does not tell which tenants exist).
     */
    static UUID chosen(Viewer viewer, String permission, UUID asked) {
        List<UUID> managed = of(viewer, permission);
        if (asked != null ? !managed.contains(asked) : managed.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return asked != null ? asked : managed.getFirst();
    }
}
