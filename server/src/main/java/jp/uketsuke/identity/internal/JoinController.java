package jp.uketsuke.identity.internal;

import jp.uketsuke.identity.Public;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The invitee's side: the link from the e-mail, choosing a password, then the usual sign-in steps ({@link SignIn}:
 * MFA enrolment where required). Opening the link changes nothing, so that mail scanners that fetch links do not spend
 * it; the token then moves into the session and out of the address bar and browser history.
 */
@Controller
class JoinController {

    private static final String TOKEN = "uketsuke.join.token";

    private final Invitations invitations;
    private final ActiveSessions sessions;
    private final SignIn signIn;
    private final Tenants tenants;

    JoinController(Invitations invitations, ActiveSessions sessions, SignIn signIn, Tenants tenants) {
        this.invitations = invitations;
        this.sessions = sessions;
        this.signIn = signIn;
        this.tenants = tenants;
    }

    @Public
    @GetMapping("/join/{token}")
    String open(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
        // whoever was signed in on this browser is signed out: the account being made is someone else's
        HttpSession old = request.getSession(false);
        if (old != null) {
            sessions.end((String) old.getAttribute(ActiveSessions.ATTRIBUTE));
            AccountStateFilter.signOut(request);
        }
        if (invitations.pending(token, request.getRemoteAddr()).isEmpty()) {
            return invalid(response);
        }
        request.getSession(true).setAttribute(TOKEN, token);
        return "redirect:/join";
    }

    @Public
    @GetMapping("/join")
    String form(HttpServletRequest request, HttpServletResponse response, Model model) {
        Optional<String> token = token(request);
        Optional<Invitations.Pending> pending = token.flatMap(t -> invitations.pending(t, request.getRemoteAddr()));
        if (pending.isEmpty()) {
            return invalid(response);
        }
        return form(pending.get(), model);
    }

    @Public
    @PostMapping("/join")
    String accept(@RequestParam(defaultValue = "") String newPassword,
                  @RequestParam(defaultValue = "") String confirmPassword,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        Optional<String> token = token(request);
        if (token.isEmpty()) {
            return invalid(response);
        }
        Invitations.Acceptance outcome = invitations.accept(token.get(), newPassword, confirmPassword, request.getRemoteAddr());
        switch (outcome) {
            case Invitations.Accepted accepted -> {
                request.getSession().removeAttribute(TOKEN);
                // a new session id: one seen before the account existed is worth nothing after
                request.changeSessionId();
                UserAccount account = accepted.account();
                signIn.passwordAccepted(new ConsoleUser(account, false), request, response);
                return "redirect:" + signIn.next(account, request, response);
            }
            case Invitations.TryAgain again -> {
                Optional<Invitations.Pending> pending = invitations.pending(token.get(), request.getRemoteAddr());
                if (pending.isEmpty()) {
                    return invalid(response);
                }
                response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
                model.addAttribute("error", again.messageKey());
                return form(pending.get(), model);
            }
            case Invitations.Unusable unusable -> {
                request.getSession().removeAttribute(TOKEN);
                return invalid(response);
            }
        }
    }

    private String form(Invitations.Pending pending, Model model) {
        model.addAttribute("username", pending.username());
        model.addAttribute("organisation", pending.tenantId() == null ? "" : tenants.name(pending.tenantId()).orElse(""));
        model.addAttribute("roleKey", "lifecycle.role." + pending.role().name());
        model.addAttribute("minLength", PasswordPolicy.MIN_LENGTH);
        return "join";
    }

    /** One page for every unusable link, whatever the reason: it tells a prober nothing. */
    private static String invalid(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        return "invitation-invalid";
    }

    private static Optional<String> token(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(TOKEN) instanceof String t ? Optional.of(t) : Optional.empty();
    }
}
