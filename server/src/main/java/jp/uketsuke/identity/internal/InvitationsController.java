package jp.uketsuke.identity.internal;

import static jp.uketsuke.identity.Permissions.USERS_MANAGE;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Inviting people by e-mail into a tenant (the administrator's own; for platform users the platform or an assigned
 * tenant, chosen as on the users page), and the scope's list of invitations.
 */
@Controller
class InvitationsController {

    private static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Invitations invitations;
    private final CurrentViewer viewers;
    private final Tenants tenants;

    InvitationsController(Invitations invitations, CurrentViewer viewers, Tenants tenants) {
        this.invitations = invitations;
        this.viewers = viewers;
        this.tenants = tenants;
    }

    /** One row of the list; times in Japan time as elsewhere in the console. */
    record InvitationRow(UUID id, String username, Invitations.RoleName role, String invitedBy, String created,
                         String expires, Invitations.Status status) {

        public boolean open() {
            return status == Invitations.Status.PENDING;
        }
    }

    @RequiresPermission(USERS_MANAGE)
    @GetMapping("/invitations")
    String list(@RequestParam(required = false) String tenant, HttpServletRequest request, Model model) {
        Viewer viewer = viewers.of(request);
        return form(viewer, scope(viewer, tenant), model, "", "", null);
    }

    @RequiresPermission(USERS_MANAGE)
    @PostMapping("/invitations")
    String invite(@RequestParam(required = false) String tenant, @RequestParam(defaultValue = "") String email,
                  @RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String role,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        AdminScope scope = scope(viewer, tenant);
        if (scope == null) {
            throw Refused.notFound();
        }
        Invitations.Created created;
        try {
            created = invitations.invite(viewer, scope, email, username, role, consoleBase());
        } catch (Invitations.Declined e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("error", "invitation.error." + e.problem.name());
            return form(viewer, scope, model, email, username, role);
        }
        model.addAttribute("username", UserAccounts.normalise(username));
        model.addAttribute("mailed", created.mailed());
        model.addAttribute("mailConfigured", invitations.mailConfigured());
        // shown once, on this response only: the link is a credential until it is used or expires
        model.addAttribute("link", created.mailed() ? null : created.link());
        model.addAttribute("back", listOf(viewer, scope));
        return "invitation-created";
    }

    @RequiresPermission(USERS_MANAGE)
    @PostMapping("/invitations/{id}/revoke")
    String revoke(@PathVariable String id, HttpServletRequest request) {
        Viewer viewer = viewers.of(request);
        UUID invitation = AdminScope.parseId(id).orElse(null);
        if (invitation == null) {
            throw Refused.notFound();
        }
        AdminScope scope = invitations.revoke(viewer, invitation).orElseThrow(Refused::notFound);
        return "redirect:" + listOf(viewer, scope);
    }

    /** The scope asked for, or the viewer's default; null when the viewer manages users nowhere (a 404 is thrown for one out of reach). */
    private AdminScope scope(Viewer viewer, String tenant) {
        List<UUID> reachable = ScopeChoice.reachable(viewer, USERS_MANAGE, tenants);
        return AdminScope.choose(viewer, USERS_MANAGE, tenant, true, reachable).orElse(null);
    }

    private String form(Viewer viewer, AdminScope scope, Model model, String email, String username, String role) {
        List<UUID> reachable = ScopeChoice.reachable(viewer, USERS_MANAGE, tenants);
        model.addAttribute("scopes", ScopeChoice.of(viewer, USERS_MANAGE, true, reachable, tenants, scope));
        model.addAttribute("scope", scope);
        model.addAttribute("roles", scope == null ? List.of() : invitations.offerable(viewer, scope));
        model.addAttribute("email", email);
        model.addAttribute("username", username);
        model.addAttribute("role", role);
        model.addAttribute("invitations", scope == null ? List.of() : invitations.of(viewer, scope).stream()
                .map(i -> new InvitationRow(i.id(), i.username(), i.role(), i.invitedBy(),
                        TIME.format(i.createdAt().atZone(ZONE)), TIME.format(i.expiresAt().atZone(ZONE)), i.status()))
                .toList());
        return "invitations";
    }

    /** The list the administrator came from: their default scope needs no parameter. */
    private String listOf(Viewer viewer, AdminScope scope) {
        return scope.equals(scope(viewer, null)) ? "/invitations" : "/invitations?tenant=" + scope.tenantId();
    }

    private static String consoleBase() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    }
}
