package jp.uketsuke.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Comparator;
import java.util.UUID;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.exports.ExportApprovals;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** A tenant's export rule (S9) for holders of {@code settings:manage}: whether bulk exports need a second person. */
@Controller
class ExportSettingsController {

    private final ExportApprovals approvals;
    private final Tenants tenants;
    private final CurrentViewer viewers;

    ExportSettingsController(ExportApprovals approvals, Tenants tenants, CurrentViewer viewers) {
        this.approvals = approvals;
        this.tenants = tenants;
        this.viewers = viewers;
    }

    @RequiresPermission(Permissions.SETTINGS_MANAGE)
    @GetMapping("/settings/exports")
    String show(@RequestParam(required = false) UUID tenant, HttpServletRequest request, Model model) {
        Viewer viewer = viewers.of(request);
        return page(viewer, ManagedTenants.chosen(viewer, Permissions.SETTINGS_MANAGE, tenant), null, model);
    }

    @RequiresPermission(Permissions.SETTINGS_MANAGE)
    @PostMapping("/settings/exports")
    String change(@RequestParam(required = false) UUID tenant, @RequestParam(defaultValue = "") String fourEyes,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        UUID chosen = ManagedTenants.chosen(viewer, Permissions.SETTINGS_MANAGE, tenant);
        if (!fourEyes.equals("true") && !fourEyes.equals("false")) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return page(viewer, chosen, "ia.exports.settings.error", model);
        }
        approvals.setFourEyes(viewer, chosen, Boolean.parseBoolean(fourEyes));
        return "redirect:/settings/exports?tenant=" + chosen + "&saved";
    }

    private String page(Viewer viewer, UUID tenant, String error, Model model) {
        model.addAttribute("tenant", tenant);
        model.addAttribute("tenants", ManagedTenants.of(viewer, Permissions.SETTINGS_MANAGE).stream()
                .map(id -> new ConsoleRequests.TenantChoice(id, tenants.name(id).orElse(id.toString())))
                .sorted(Comparator.comparing(ConsoleRequests.TenantChoice::name)).toList());
        model.addAttribute("fourEyes", approvals.fourEyes(tenant));
        model.addAttribute("error", error);
        model.addAttribute("maxRows", CallHistory.MAX_EXPORT_ROWS);
        model.addAttribute("maxDays", CallHistory.MAX_EXPORT_PERIOD.toDays());
        model.addAttribute("decisionDays", ExportApprovals.DECISION_WINDOW.toDays());
        model.addAttribute("downloadHours", ExportApprovals.DOWNLOAD_WINDOW.toHours());
        return "settings-exports";
    }
}
