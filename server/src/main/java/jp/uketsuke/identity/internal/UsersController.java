package jp.uketsuke.identity.internal;

import static jp.uketsuke.identity.Permissions.USERS_MANAGE;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.identity.internal.StaffDirectory.StaffMember;
import jp.uketsuke.identity.internal.UserAdministration.RoleOption;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The users of a tenant (or of the platform) with role, second factor, last sign-in and state; role change and deactivation. */
@Controller
class UsersController {

    private final UserAdministration administration;
    private final CurrentViewer viewers;
    private final Tenants tenants;

    UsersController(UserAdministration administration, CurrentViewer viewers, Tenants tenants) {
        this.administration = administration;
        this.viewers = viewers;
        this.tenants = tenants;
    }

    /**
     * One row of the list.
     *
     * @param role a message key for a built-in role, the role's own name for a custom one
     */
    record UserRow(UUID id, String username, String role, boolean builtInRole, String roleValue, boolean mfaEnrolled,
                   String lastLogin, boolean enabled, boolean self) {
    }

    @RequiresPermission(USERS_MANAGE)
    @GetMapping("/users")
    String list(@RequestParam(required = false) String tenant, HttpServletRequest request, Model model) {
        Viewer viewer = viewers.of(request);
        List<UUID> reachable = ScopeChoice.reachable(viewer, USERS_MANAGE, tenants);
        Optional<AdminScope> scope = AdminScope.choose(viewer, USERS_MANAGE, tenant, true, reachable);
        model.addAttribute("scopes", ScopeChoice.of(viewer, USERS_MANAGE, true, reachable, tenants, scope.orElse(null)));
        model.addAttribute("scope", scope.orElse(null));
        List<RoleOption> options = scope.map(s -> administration.grantableRoles(viewer, s)).orElse(List.of());
        model.addAttribute("roleOptions", options);
        model.addAttribute("users", scope.map(s -> administration.users(viewer, s)).orElse(List.of()).stream()
                .map(m -> row(m, viewer)).toList());
        return "users";
    }

    @RequiresPermission(USERS_MANAGE)
    @PostMapping("/users/{userId}/role")
    String changeRole(@PathVariable String userId, @RequestParam(defaultValue = "") String role,
                      HttpServletRequest request) {
        StaffMember member = administration.changeRole(viewers.of(request), id(userId), role);
        return "redirect:" + listOf(member);
    }

    @RequiresPermission(USERS_MANAGE)
    @PostMapping("/users/{userId}/deactivate")
    String deactivate(@PathVariable String userId, HttpServletRequest request) {
        StaffMember member = administration.deactivate(viewers.of(request), id(userId));
        return "redirect:" + listOf(member);
    }

    private static UUID id(String value) {
        return AdminScope.parseId(value).orElseThrow(Refused::notFound);
    }

    private static String listOf(StaffMember member) {
        return member.platform() ? "/users" : "/users?tenant=" + member.tenantId();
    }

    private static UserRow row(StaffMember m, Viewer viewer) {
        boolean builtIn = m.customRoleId() == null;
        return new UserRow(m.id(), m.username(), builtIn ? "role." + m.role().name() : m.customRoleName(), builtIn,
                builtIn ? UserAdministration.BUILT_IN + m.role().name() : UserAdministration.CUSTOM + m.customRoleId(),
                m.mfaEnrolled(), ConsoleTime.format(m.lastLoginAt()), m.enabled(), m.actor().equals(viewer.actor()));
    }
}
