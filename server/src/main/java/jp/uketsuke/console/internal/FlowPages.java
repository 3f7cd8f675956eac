package jp.uketsuke.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Comparator;
import java.util.UUID;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/** What every call-flow page shares: whose flow it is (a tenant the viewer holds flows:edit for) and the tabs. */
@Component
class FlowPages {

    private final CurrentViewer viewers;
    private final Tenants tenants;

    FlowPages(CurrentViewer viewers, Tenants tenants) {
        this.viewers = viewers;
        this.tenants = tenants;
    }

    /** The signed-in viewer and the tenant whose flow the page works on. */
    record Scope(Viewer viewer, UUID tenant) {
    }

    /** The tenant asked for or the viewer's first; one out of reach is not found (404). */
    Scope scope(HttpServletRequest request, UUID asked) {
        Viewer viewer = viewers.of(request);
        return new Scope(viewer, ManagedTenants.chosen(viewer, Permissions.FLOWS_EDIT, asked));
    }

    /** The tenant picker and the tab {@code tab} marked as the current one. */
    void common(Scope scope, String tab, Model model) {
        model.addAttribute("tenant", scope.tenant());
        model.addAttribute("tenants", ManagedTenants.of(scope.viewer(), Permissions.FLOWS_EDIT).stream()
                .map(id -> new ConsoleRequests.TenantChoice(id, tenants.name(id).orElse(id.toString())))
                .sorted(Comparator.comparing(ConsoleRequests.TenantChoice::name)).toList());
        model.addAttribute("tab", tab);
    }
}
