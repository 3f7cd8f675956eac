package jp.uketsuke.identity.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Re-reads the signed-in user's account on every console request, so that a disabled user is out at once (S3) and a
 * user with a one-time password can do nothing but change it.
 */
final class AccountStateFilter extends OncePerRequestFilter {

    /** Paths a user who must change the password may still reach. */
    private static final Set<String> WHILE_CHANGING = Set.of("/password", "/logout", "/error", "/favicon.ico");

    private final UserAccounts accounts;

    AccountStateFilter(UserAccounts accounts) {
        this.accounts = accounts;
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
        if (account.isEmpty() || !account.get().enabled()) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            SecurityContextHolder.clearContext();
            response.sendRedirect(request.getContextPath() + "/login");
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (account.get().mustChangePassword() && !WHILE_CHANGING.contains(path)
                && !path.startsWith("/css/") && !path.startsWith("/js/")) {
            response.sendRedirect(request.getContextPath() + "/password");
            return;
        }
        chain.doFilter(request, response);
    }
}
