package jp.uketsuke.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Comparator;
import java.util.UUID;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.summary.SummarySettings;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A tenant's call-summary setting (F2, S8) for holders of {@code settings:manage}: whether what callers said may go to
 * the LLM summariser unmasked. Off by default; the service checks the permission and audits every change.
 */
@Controller
class SummarySettingsController {

    private final SummarySettings settings;
    private final Tenants tenants;
    private final CurrentViewer viewers;

    SummarySettingsController(SummarySettings settings, Tenants tenants, CurrentViewer viewers) {
        this.settings = settings;
        this.tenants = tenants;
        this.viewers = viewers;
    }

    @RequiresPermission(Permissions.SETTINGS_MANAGE)
    @GetMapping("/settings/summary")
    String show(@RequestParam(required = false) UUID tenant, HttpServletRequest request, Model model) {
        Viewer viewer = viewers.of(request);
        return page(viewer, ManagedTenants.chosen(viewer, Permissions.SETTINGS_MANAGE, tenant), null, model);
    }

    @RequiresPermission(Permissions.SETTINGS_MANAGE)
    @PostMapping("/settings/summary")
    String change(@RequestParam(required = false) UUID tenant, @RequestParam(defaultValue = "") String unredacted,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        UUID chosen = ManagedTenants.chosen(viewer, Permissions.SETTINGS_MANAGE, tenant);
        if (!unredacted.equals("true") && !unredacted.equals("false")) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return page(viewer, chosen, "summary.settings.error", model);
        }
        settings.setSendsUnredacted(viewer, chosen, Boolean.parseBoolean(unredacted));
        return "redirect:/settings/summary?tenant=" + chosen + "&saved";
    }

    private String page(Viewer viewer, UUID tenant, String error, Model model) {
        model.addAttribute("tenant", tenant);
        model.addAttribute("tenants", ManagedTenants.of(viewer, Permissions.SETTINGS_MANAGE).stream()
                .map(id -> new ConsoleRequests.TenantChoice(id, tenants.name(id).orElse(id.toString())))
                .sorted(Comparator.comparing(ConsoleRequests.TenantChoice::name)).toList());
        model.addAttribute("unredacted", settings.sendsUnredacted(viewer, tenant));
        model.addAttribute("llmConfigured", settings.llmConfigured());
        model.addAttribute("error", error);
        return "settings-summary";
    }
}
