package jp.uketsuke.identity.internal;

import static jp.uketsuke.identity.Permissions.USERS_MANAGE;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.UUID;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Which tenants each platform user serves: platform administration, no tenant's data. */
@Controller
class AssignmentsController {

    private final UserAdministration administration;
    private final CurrentViewer viewers;
    private final Tenants tenants;

    AssignmentsController(UserAdministration administration, CurrentViewer viewers, Tenants tenants) {
        this.administration = administration;
        this.viewers = viewers;
        this.tenants = tenants;
    }

    record AssignmentRow(UUID userId, String username, UUID tenantId, String tenantName, String assignedBy,
                         String assignedAt) {
    }

    @RequiresPermission(value = USERS_MANAGE, platformOnly = true)
    @GetMapping("/assignments")
    String list(HttpServletRequest request, Model model) {
        Viewer viewer = viewers.of(request);
        Map<UUID, String> names = tenants.names();
        model.addAttribute("assignments", administration.assignments(viewer).stream()
                .map(a -> new AssignmentRow(a.userId(), a.username(), a.tenantId(),
                        names.getOrDefault(a.tenantId(), a.tenantId().toString()), a.assignedBy(),
                        ConsoleTime.format(a.assignedAt())))
                .toList());
        model.addAttribute("users", administration.assignable(viewer));
        model.addAttribute("tenants", names);
        return "assignments";
    }

    @RequiresPermission(value = USERS_MANAGE, platformOnly = true)
    @PostMapping("/assignments")
    String assign(@RequestParam(defaultValue = "") String user, @RequestParam(defaultValue = "") String tenant,
                  HttpServletRequest request) {
        administration.assign(viewers.of(request), id(user), id(tenant));
        return "redirect:/assignments";
    }

    @RequiresPermission(value = USERS_MANAGE, platformOnly = true)
    @PostMapping("/assignments/remove")
    String remove(@RequestParam(defaultValue = "") String user, @RequestParam(defaultValue = "") String tenant,
                  HttpServletRequest request) {
        administration.unassign(viewers.of(request), id(user), id(tenant));
        return "redirect:/assignments";
    }

    private static UUID id(String value) {
        return AdminScope.parseId(value.strip()).orElseThrow(Refused::notFound);
    }
}
