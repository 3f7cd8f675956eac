package jp.uketsuke.identity.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a password attempt while its account or address is throttled, before the password is even hashed, with
 * the same answer as a wrong password.
 */
final class LoginAttemptFilter extends OncePerRequestFilter {

    private final LoginThrottle throttle;
    private final LoginOutcomes outcomes;

    LoginAttemptFilter(LoginThrottle throttle, LoginOutcomes outcomes) {
        this.throttle = throttle;
        this.outcomes = outcomes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean loginPost = "POST".equals(request.getMethod())
                && "/login".equals(request.getRequestURI().substring(request.getContextPath().length()));
        if (loginPost && throttle.blocked(UserAccounts.normalise(request.getParameter("username")), request.getRemoteAddr())) {
            outcomes.onAuthenticationFailure(request, response, null);
            return;
        }
        chain.doFilter(request, response);
    }
}
