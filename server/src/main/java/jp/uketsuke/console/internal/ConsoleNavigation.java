package jp.uketsuke.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the console's navigation shows, on every console page: the daily work in the header (dashboard, calls,
 * callbacks), administration behind one settings entry whose hub ({@code /settings}) lists only pages the viewer may
 * open, and which section the page belongs to (aria-current). The conditions here are the pages' own permissions.
 */
@ControllerAdvice(basePackages = {"jp.uketsuke.console", "jp.uketsuke.identity", "jp.uketsuke.notify", "jp.uketsuke.incidents"})
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
        model.addAttribute("viewerName", ConsoleActors.readable(viewer.actor()));
        model.addAttribute("navSection", section(request.getRequestURI().substring(request.getContextPath().length())));
        model.addAttribute("mayReadCalls", viewer.holds(Permissions.CALLS_READ));
        model.addAttribute("mayExport", !ManagedTenants.of(viewer, Permissions.CALLS_EXPORT).isEmpty());
        model.addAttribute("mayManageUsers", viewer.holds(Permissions.USERS_MANAGE));
        model.addAttribute("mayManageRoles", viewer.holds(Permissions.ROLES_MANAGE));
        model.addAttribute("mayManageAssignments", viewer.mayOnPlatform(Permissions.USERS_MANAGE));
        model.addAttribute("mayManageKeys", viewer.holds(Permissions.KEYS_MANAGE));
        model.addAttribute("mayReadAudit", viewer.holds(Permissions.AUDIT_READ));
        model.addAttribute("mayManageSettings", viewer.holds(Permissions.SETTINGS_MANAGE));
        model.addAttribute("mayManageIncidents", viewer.holds(Permissions.INCIDENTS_MANAGE));
        model.addAttribute("mayManageNotifications", viewer.holds(Permissions.NOTIFY_MANAGE));
        // a tenant's own setting: shown to those who manage settings of at least one tenant
        model.addAttribute("mayManageMediaSecurity", !ManagedTenants.of(viewer, Permissions.SETTINGS_MANAGE).isEmpty());
        model.addAttribute("mayEditFlows", !ManagedTenants.of(viewer, Permissions.FLOWS_EDIT).isEmpty());
    }

    /** The header entry a page belongs to: work pages by their own entry, everything else under settings. */
    static String section(String path) {
        if (path.equals("/dashboard") || path.startsWith("/dashboard/")) {
            return "dashboard";
        }
        if (path.equals("/callbacks") || path.startsWith("/callbacks/")) {
            return "callbacks";
        }
        if ((path.equals("/calls") || path.startsWith("/calls/")) && !path.startsWith("/calls/export")) {
            return "calls";
        }
        return "settings";
    }
}
