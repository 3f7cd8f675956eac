package jp.uketsuke.identity.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import jp.uketsuke.identity.Permissions;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
/**
 * Re-reads the signed-in user's account on every console request, so that a disabled user is out at once (S3), and
 * their role, custom role and assignments ({@link Access}, with what a missing training withholds), so that a change
 * acts on the very next request of every open session; keeps a partly signed-in session on its next step (password
 * change, second factor, MFA enrolment); and ends sessions that were signed out elsewhere or outlived their absolute
 * lifetime.
 */
final class AccountStateFilter extends OncePerRequestFilter {

    /** Paths every session may reach, whatever step it is on. */
    private static final Set<String> ALWAYS = Set.of("/logout", "/error", "/favicon.ico");
    private static final Set<String> CHANGING_PASSWORD = Set.of("/password");
    private static final Set<String> SECOND_FACTOR = Set.of("/login/mfa");
    private static final Set<String> ENROLLING = Set.of("/mfa/enroll", "/mfa/enroll/qr.png");

    private final UserAccounts accounts;
    private final MfaCredentials mfa;
    private final ActiveSessions sessions;
    private final SignIn signIn;
    private final AccessLookup access;
    private final TrainingGate training;

    AccountStateFilter(UserAccounts accounts, MfaCredentials mfa, ActiveSessions sessions, SignIn signIn,
                       AccessLookup access, TrainingGate training) {
        this.accounts = accounts;
        this.mfa = mfa;
        this.sessions = sessions;
        this.signIn = signIn;
        this.access = access;
        this.training = training;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof ConsoleUser user)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<UserAccount> account = accounts.find(user.getUsername());
        boolean complete = SignIn.complete(auth);
        if (account.isEmpty() || !account.get().enabled() || (complete && !stillOpen(request, user))) {
            signOut(request);
            response.sendRedirect(request.getContextPath() + "/login");
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Access current = access.of(account.get());
        request.setAttribute(Access.ATTRIBUTE, current);
        Optional<String> step = requiredStep(account.get(), complete, current);
        if (step.isPresent() && !allowedOn(step.get(), path)) {
            response.sendRedirect(request.getContextPath() + step.get());
            return;
        }
        if (complete) {
            markUntrained(request, account.get());
        }
        chain.doFilter(request, response);
    }

    /** Lets a refused page say that training is missing ({@link TrainingRequiredNotice}); {@link AccessLookup} withheld. */
    private void markUntrained(HttpServletRequest request, UserAccount account) {
        if (training.withholds(account.username(), account.tenantId(), Permissions.PERSONAL_DATA)) {
            request.setAttribute(TrainingGate.WITHHELD, Boolean.TRUE);
        }
    }

    /** The step this session must finish first, or empty when it may go anywhere its permissions allow. */
    private Optional<String> requiredStep(UserAccount account, boolean complete, Access current) {
        if (account.mustChangePassword()) {
            return Optional.of("/password");
        }
        boolean enrolled = mfa.enrolled(account.id());
        if (!complete) {
            return Optional.of(enrolled ? "/login/mfa" : "/mfa/enroll");
        }
        // e.g. a role that now requires MFA (also a custom role managing others' access), or enrolment removed
        boolean required = signIn.mfaRequired(account) || current.managesAccess();
        return !enrolled && required ? Optional.of("/mfa/enroll") : Optional.empty();
    }

    private static boolean allowedOn(String step, String path) {
        if (ALWAYS.contains(path) || path.startsWith("/css/") || path.startsWith("/js/")) {
            return true;
        }
        return switch (step) {
            case "/password" -> CHANGING_PASSWORD.contains(path);
            case "/login/mfa" -> SECOND_FACTOR.contains(path);
            default -> ENROLLING.contains(path);
        };
    }

    private boolean stillOpen(HttpServletRequest request, ConsoleUser user) {
        HttpSession session = request.getSession(false);
        Object handle = session == null ? null : session.getAttribute(ActiveSessions.ATTRIBUTE);
        return handle instanceof String h && sessions.touch(h, user.getUsername(), request.getRemoteAddr()).isPresent();
    }

    static void signOut(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
    }
}
