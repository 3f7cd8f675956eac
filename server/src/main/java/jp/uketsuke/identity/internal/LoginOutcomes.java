package jp.uketsuke.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.stereotype.Component;

/**
 * What happens after a login attempt: audited either way; a failure says only "wrong user name or password",
 * whether the account exists, is disabled or is throttled. A right password leads to the next step of {@link SignIn}.
 */
@Component
class LoginOutcomes implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    private final UserAccounts accounts;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final SignIn signIn;

    LoginOutcomes(UserAccounts accounts, LoginThrottle throttle, AuditLog audit, SignIn signIn) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.audit = audit;
        this.signIn = signIn;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication auth)
            throws IOException {
        ConsoleUser user = (ConsoleUser) auth.getPrincipal();
        Optional<UserAccount> account = accounts.find(user.getUsername());
        if (account.isEmpty()) { // removed between the password check and now
            AccountStateFilter.signOut(request);
            onAuthenticationFailure(request, response, null);
            return;
        }
        audit.record(new AuditEvent(user.actor(), user.tenantId(), "login.password", user.actor(), request.getRemoteAddr(), AuditEvent.OK));
        signIn.passwordAccepted(user, request, response);
        response.sendRedirect(request.getContextPath() + signIn.next(account.get(), request, response));
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception) throws IOException {
        String username = UserAccounts.normalise(request.getParameter("username"));
        Optional<UserAccount> account = username.isEmpty() ? Optional.empty() : accounts.find(username);
        throttle.failed(account.map(UserAccount::username).orElse(null), request.getRemoteAddr());
        // an unknown name may be anything a person typed, so only known accounts are named in the log
        String target = account.map(a -> "user:" + a.username()).orElse("user:unknown");
        audit.record(new AuditEvent("anonymous", account.map(UserAccount::tenantId).orElse(null), "login", target,
                request.getRemoteAddr(), AuditEvent.DENIED));
        response.sendRedirect(request.getContextPath() + "/login?error");
    }
}
