package jp.uketsuke.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.AnyAuthenticated;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Public;
import jp.uketsuke.identity.Viewer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The login page and the password change that a one-time password forces. */
@Controller
class LoginController {

    /** Pages in the order a user lands on the first one they may open. */
    private static final Map<String, String> LANDING = landing();

    private final UserAccounts accounts;
    private final PasswordEncoder encoder;
    private final AuditLog audit;
    private final SignIn signIn;
    private final CurrentViewer viewers;

    LoginController(UserAccounts accounts, PasswordEncoder encoder, AuditLog audit, SignIn signIn, CurrentViewer viewers) {
        this.accounts = accounts;
        this.encoder = encoder;
        this.audit = audit;
        this.signIn = signIn;
        this.viewers = viewers;
    }

    private static Map<String, String> landing() {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("/calls", Permissions.CALLS_READ);
        pages.put("/audit", Permissions.AUDIT_READ);
        pages.put("/users", Permissions.USERS_MANAGE);
        pages.put("/roles", Permissions.ROLES_MANAGE);
        pages.put("/api-keys", Permissions.KEYS_MANAGE);
        return pages;
    }

    @Public
    @GetMapping("/login")
    String login(Authentication auth) {
        return SignIn.complete(auth) ? "redirect:/" : "login";
    }

    /** The first page the user may open: where sign-in ends, and where the brand in the header leads. */
    @AnyAuthenticated
    @GetMapping("/")
    String home(HttpServletRequest request) {
        Viewer viewer = viewers.of(request);
        return "redirect:" + LANDING.entrySet().stream().filter(e -> viewer.holds(e.getValue())).map(Map.Entry::getKey)
                .findFirst().orElse("/sessions");
    }

    @AnyAuthenticated
    @GetMapping("/password")
    String passwordForm(Model model) {
        model.addAttribute("forced", currentAccount().map(UserAccount::mustChangePassword).orElse(false));
        model.addAttribute("minLength", PasswordPolicy.MIN_LENGTH);
        return "password";
    }

    @AnyAuthenticated
    @PostMapping("/password")
    String changePassword(@RequestParam(defaultValue = "") String currentPassword,
                          @RequestParam(defaultValue = "") String newPassword,
                          @RequestParam(defaultValue = "") String confirmPassword,
                          HttpServletRequest request, HttpServletResponse response, Model model) {
        UserAccount account = currentAccount().orElseThrow(() -> new IllegalStateException("no signed-in account"));
        String actor = "user:" + account.username();
        String error = null;
        if (!encoder.matches(currentPassword, account.passwordHash())) {
            error = "password.rejected.CURRENT_WRONG";
        } else if (!newPassword.equals(confirmPassword)) {
            error = "password.rejected.MISMATCH";
        } else if (newPassword.equals(currentPassword)) {
            error = "password.rejected.UNCHANGED";
        } else {
            error = PasswordPolicy.check(account.username(), newPassword).map(r -> "password.rejected." + r.name()).orElse(null);
        }
        if (error != null) {
            audit.record(new AuditEvent(actor, account.tenantId(), "password.change", actor, request.getRemoteAddr(), AuditEvent.DENIED));
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("forced", account.mustChangePassword());
            model.addAttribute("error", error);
            model.addAttribute("minLength", PasswordPolicy.MIN_LENGTH);
            return "password";
        }
        accounts.changePassword(account.id(), encoder.encode(newPassword));
        // a new session id, so that a session id seen before the change is worthless after it
        request.changeSessionId();
        audit.record(new AuditEvent(actor, account.tenantId(), "password.change", actor, request.getRemoteAddr(), AuditEvent.OK));
        UserAccount changed = accounts.find(account.username()).orElseThrow(() -> new IllegalStateException("account removed"));
        return "redirect:" + signIn.next(changed, request, response);
    }

    private Optional<UserAccount> currentAccount() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof ConsoleUser user ? accounts.find(user.getUsername()) : Optional.empty();
    }
}
