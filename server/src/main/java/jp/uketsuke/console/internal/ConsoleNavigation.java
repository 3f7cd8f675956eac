package jp.uketsuke.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the console's navigation shows: a link only to pages the viewer may open, on every console page (the call and
 * audit pages here, and the account and administration pages of the identity module).
 */
@ControllerAdvice(basePackages = {"jp.uketsuke.console", "jp.uketsuke.identity"})
class ConsoleNavigation {

    private final CurrentViewer viewers;

    ConsoleNavigation(CurrentViewer viewers) {
        this.viewers = viewers;
    }

    @ModelAttribute
    void navigation(HttpServletRequest request, Model model) {
        Viewer viewer;
        try {
            viewer = viewers.of(request);
        } catch (IllegalStateException notSignedIn) {
            return;
        }
        model.addAttribute("mayReadCalls", viewer.holds(Permissions.CALLS_READ));
        model.addAttribute("mayManageUsers", viewer.holds(Permissions.USERS_MANAGE));
        model.addAttribute("mayManageRoles", viewer.holds(Permissions.ROLES_MANAGE));
        model.addAttribute("mayManageAssignments", viewer.mayOnPlatform(Permissions.USERS_MANAGE));
        model.addAttribute("mayManageKeys", viewer.holds(Permissions.KEYS_MANAGE));
        model.addAttribute("mayReadAudit", viewer.holds(Permissions.AUDIT_READ));
        model.addAttribute("mayManageSettings", viewer.holds(Permissions.SETTINGS_MANAGE));
        // a tenant's own setting: shown to those who manage settings of at least one tenant
        model.addAttribute("mayManageMediaSecurity",
                viewer.tenants().stream().anyMatch(id -> viewer.may(Permissions.SETTINGS_MANAGE, id)));
        model.addAttribute("mayEditFlows", !ManagedTenants.of(viewer, Permissions.FLOWS_EDIT).isEmpty());
    }
}
