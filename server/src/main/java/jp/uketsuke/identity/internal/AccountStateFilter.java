package jp.uketsuke.identity.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Re-reads the signed-in user's account on every console request, so that a disabled user is out at once (S3); keeps
 * a partly signed-in session on its next step (password change, second factor, MFA enrolment); ends sessions that
 * were signed out elsewhere or outlived their absolute lifetime; and withholds for this request the permissions that a
 * missing training makes unusable ({@link TrainingGate}).
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
    private final TrainingGate training;

    AccountStateFilter(UserAccounts accounts, MfaCredentials mfa, ActiveSessions sessions, SignIn signIn,
                       TrainingGate training) {
        this.accounts = accounts;
        this.mfa = mfa;
        this.sessions = sessions;
        this.signIn = signIn;
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
        Optional<String> step = requiredStep(account.get(), complete);
        if (step.isPresent() && !allowedOn(step.get(), path)) {
            response.sendRedirect(request.getContextPath() + step.get());
            return;
        }
        if (complete) {
            withholdUntrained(request, auth, user);
        }
        chain.doFilter(request, response);
    }

    /** For this request only: the session keeps what sign-in gave it, since training may be recorded at any time. */
    private void withholdUntrained(HttpServletRequest request, Authentication auth, ConsoleUser user) {
        Set<String> granted = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).collect(Collectors.toSet());
        Set<String> usable = training.usable(user.getUsername(), user.tenantId(), granted);
        if (usable.size() == granted.size()) {
            return;
        }
        List<GrantedAuthority> authorities = auth.getAuthorities().stream()
                .filter(a -> usable.contains(a.getAuthority())).map(GrantedAuthority.class::cast).toList();
        SecurityContext narrowed = SecurityContextHolder.createEmptyContext();
        narrowed.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, authorities));
        SecurityContextHolder.setContext(narrowed);
        request.setAttribute(TrainingGate.WITHHELD, Boolean.TRUE);
    }

    /** The step this session must finish first, or empty when it may go anywhere its permissions allow. */
    private Optional<String> requiredStep(UserAccount account, boolean complete) {
        if (account.mustChangePassword()) {
            return Optional.of("/password");
        }
        boolean enrolled = mfa.enrolled(account.id());
        if (!complete) {
            return Optional.of(enrolled ? "/login/mfa" : "/mfa/enroll");
        }
        // e.g. a role that now requires MFA, or enrolment removed by an administrator
        return !enrolled && signIn.mfaRequired(account) ? Optional.of("/mfa/enroll") : Optional.empty();
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
