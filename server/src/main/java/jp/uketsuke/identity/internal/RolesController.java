package jp.uketsuke.identity.internal;

import static jp.uketsuke.identity.Permissions.ROLES_MANAGE;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Role;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.identity.internal.CustomRoles.CustomRole;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Custom roles of a tenant (or of the platform): listed beside the built-in ones, created, edited, deleted. */
@Controller
class RolesController {

    private final RoleAdministration administration;
    private final CurrentViewer viewers;
    private final Tenants tenants;

    RolesController(RoleAdministration administration, CurrentViewer viewers, Tenants tenants) {
        this.administration = administration;
        this.viewers = viewers;
        this.tenants = tenants;
    }

    /** A role and its permissions in the documentation's order; built-in roles have a message key as name. */
    record RoleRow(String id, String name, boolean builtIn, List<String> permissions, long holders) {
    }

    @RequiresPermission(ROLES_MANAGE)
    @GetMapping("/roles")
    String list(@RequestParam(required = false) String tenant, HttpServletRequest request, Model model) {
        Viewer viewer = viewers.of(request);
        List<UUID> reachable = ScopeChoice.reachable(viewer, ROLES_MANAGE, tenants);
        Optional<AdminScope> scope = AdminScope.choose(viewer, ROLES_MANAGE, tenant, true, reachable);
        model.addAttribute("scopes", ScopeChoice.of(viewer, ROLES_MANAGE, true, reachable, tenants, scope.orElse(null)));
        model.addAttribute("scope", scope.orElse(null));
        model.addAttribute("tenantValue", scope.map(s -> s.platform() ? "" : s.tenantId().toString()).orElse(""));
        model.addAttribute("offerable", scope.map(s -> RoleAdministration.offerable(viewer, s)).orElse(List.of()));
        model.addAttribute("custom", scope.map(s -> administration.roles(viewer, s)).orElse(List.of()).stream()
                .map(r -> new RoleRow(r.id().toString(), r.name(), false, ordered(r.permissions()), r.holders())).toList());
        model.addAttribute("builtIn", scope.map(s -> Role.of(s.platform() ? Role.Scope.PLATFORM : Role.Scope.TENANT))
                .orElse(List.of()).stream()
                .map(r -> new RoleRow(r.name(), "role." + r.name(), true, ordered(r.permissions()), 0)).toList());
        return "roles";
    }

    @RequiresPermission(ROLES_MANAGE)
    @PostMapping("/roles")
    String create(@RequestParam(required = false) String tenant, @RequestParam(defaultValue = "") String name,
                  @RequestParam(name = "permissions", required = false) List<String> permissions,
                  HttpServletRequest request) {
        Viewer viewer = viewers.of(request);
        AdminScope scope = AdminScope.choose(viewer, ROLES_MANAGE, tenant, true,
                ScopeChoice.reachable(viewer, ROLES_MANAGE, tenants)).orElseThrow(Refused::notFound);
        administration.create(viewer, scope, name, permissions);
        return "redirect:" + listOf(scope.tenantId());
    }

    @RequiresPermission(ROLES_MANAGE)
    @PostMapping("/roles/{roleId}")
    String update(@PathVariable String roleId,
                  @RequestParam(name = "permissions", required = false) List<String> permissions,
                  HttpServletRequest request) {
        CustomRole role = administration.update(viewers.of(request), id(roleId), permissions);
        return "redirect:" + listOf(role.tenantId());
    }

    @RequiresPermission(ROLES_MANAGE)
    @PostMapping("/roles/{roleId}/delete")
    String delete(@PathVariable String roleId, HttpServletRequest request) {
        CustomRole role = administration.delete(viewers.of(request), id(roleId));
        return "redirect:" + listOf(role.tenantId());
    }

    private static UUID id(String value) {
        return AdminScope.parseId(value).orElseThrow(Refused::notFound);
    }

    private static String listOf(UUID tenantId) {
        return tenantId == null ? "/roles" : "/roles?tenant=" + tenantId;
    }

    private static List<String> ordered(Set<String> permissions) {
        return Permissions.IN_ORDER.stream().filter(permissions::contains).toList();
    }
}
