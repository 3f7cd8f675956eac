package jp.uketsuke.identity.internal;

import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Permissions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import jp.uketsuke.identity.Role;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Inviting people by e-mail into the administrator's tenant (or the platform), and the list of invitations. */
@Controller
class InvitationsController {

    private static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Invitations invitations;

    InvitationsController(Invitations invitations) {
        this.invitations = invitations;
    }

    /** One row of the list; times in Japan time as elsewhere in the console. */
    record InvitationRow(UUID id, String username, Role role, String invitedBy, String created, String expires,
                         Invitations.Status status) {

        public boolean open() {
            return status == Invitations.Status.PENDING;
        }
    }

    @RequiresPermission(Permissions.USERS_MANAGE)
    @GetMapping("/invitations")
    String list(Authentication auth, Model model) {
        return form(user(auth), model, "", "", null);
    }

    @RequiresPermission(Permissions.USERS_MANAGE)
    @PostMapping("/invitations")
    String invite(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String username,
                  @RequestParam(defaultValue = "") String role, Authentication auth, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        ConsoleUser inviter = user(auth);
        Invitations.Created created;
        try {
            created = invitations.invite(inviter, email, username, parse(role), consoleBase(), request.getRemoteAddr());
        } catch (Invitations.Refused e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("error", "invitation.error." + e.problem.name());
            return form(inviter, model, email, username, role);
        }
        model.addAttribute("username", UserAccounts.normalise(username));
        model.addAttribute("mailed", created.mailed());
        model.addAttribute("mailConfigured", invitations.mailConfigured());
        // shown once, on this response only: the link is a credential until it is used or expires
        model.addAttribute("link", created.mailed() ? null : created.link());
        return "invitation-created";
    }

    @RequiresPermission(Permissions.USERS_MANAGE)
    @PostMapping("/invitations/{id}/revoke")
    String revoke(@PathVariable String id, Authentication auth, HttpServletRequest request) {
        UUID invitation;
        try {
            invitation = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        if (!invitations.revoke(user(auth), invitation, request.getRemoteAddr())) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return "redirect:/invitations";
    }

    private String form(ConsoleUser inviter, Model model, String email, String username, String role) {
        model.addAttribute("roles", Invitations.grantableBy(inviter));
        model.addAttribute("email", email);
        model.addAttribute("username", username);
        model.addAttribute("role", role);
        model.addAttribute("invitations", invitations.of(inviter).stream()
                .map(i -> new InvitationRow(i.id(), i.username(), i.role(), i.invitedBy(),
                        TIME.format(i.createdAt().atZone(ZONE)), TIME.format(i.expiresAt().atZone(ZONE)), i.status()))
                .toList());
        return "invitations";
    }

    private static Role parse(String role) {
        try {
            return Role.valueOf(role);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String consoleBase() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    }

    private static ConsoleUser user(Authentication auth) {
        return (ConsoleUser) auth.getPrincipal();
    }
}
