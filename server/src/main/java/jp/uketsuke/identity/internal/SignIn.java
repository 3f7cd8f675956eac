package jp.uketsuke.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.List;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * The steps of console sign-in: the password alone gives a session that holds only {@link #PASSWORD_ONLY}, which
 * grants nothing; the forced password change and the second factor follow, and only then does the session get the
 * role's permissions. {@link AccountStateFilter} keeps a session on its current step.
 */
@Component
class SignIn {

    static final String PASSWORD_ONLY = "SIGN_IN_PASSWORD_ONLY";

    private final UserAccounts accounts;
    private final MfaCredentials mfa;
    private final ActiveSessions sessions;
    private final LoginThrottle throttle;
    private final MfaPolicy mfaPolicy;
    private final AuditLog audit;
    private final Clock clock;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    SignIn(UserAccounts accounts, MfaCredentials mfa, ActiveSessions sessions, LoginThrottle throttle, MfaPolicy mfaPolicy,
           AuditLog audit, Clock clock) {
        this.accounts = accounts;
        this.mfa = mfa;
        this.sessions = sessions;
        this.throttle = throttle;
        this.mfaPolicy = mfaPolicy;
        this.audit = audit;
        this.clock = clock;
    }

    /** MFA is required of every platform user and every tenant administrator, and of all users by tenant policy. */
    boolean mfaRequired(UserAccount account) {
        return mfaPolicy.requiredFor(account);
    }

    static boolean complete(Authentication auth) {
        return auth != null && auth.getPrincipal() instanceof ConsoleUser
                && auth.getAuthorities().stream().noneMatch(a -> PASSWORD_ONLY.equals(a.getAuthority()));
    }

    /** After the password: a session that may do nothing but the remaining steps. */
    void passwordAccepted(ConsoleUser user, HttpServletRequest request, HttpServletResponse response) {
        store(UsernamePasswordAuthenticationToken.authenticated(user, null, List.of(new SimpleGrantedAuthority(PASSWORD_ONLY))),
                request, response);
    }

    /** Where a signed-in (possibly partly) user goes next; completes the sign-in when no step is left. */
    String next(UserAccount account, HttpServletRequest request, HttpServletResponse response) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (complete(auth)) {
            return "/";
        }
        if (account.mustChangePassword()) {
            return "/password";
        }
        if (mfa.enrolled(account.id())) {
            return "/login/mfa";
        }
        if (mfaRequired(account)) {
            return "/mfa/enroll";
        }
        finish(account, request, response);
        return "/";
    }

    /** Every step done: the role's permissions, a new session id and an entry in the list of active sessions. */
    void finish(UserAccount account, HttpServletRequest request, HttpServletResponse response) {
        ConsoleUser user = new ConsoleUser(account, false);
        user.eraseCredentials();
        request.changeSessionId();
        store(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()), request, response);
        request.getSession().setAttribute(ActiveSessions.ATTRIBUTE, sessions.open(account.username(), request.getRemoteAddr()));
        accounts.recordLogin(account.username(), clock.instant());
        // the account's failure count is cleared only here: a stolen password must not reset the count of wrong codes
        throttle.succeeded(account.username());
        audit.record(new AuditEvent(user.actor(), account.tenantId(), "login", user.actor(), request.getRemoteAddr(), AuditEvent.OK));
    }

    private void store(Authentication auth, HttpServletRequest request, HttpServletResponse response) {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(auth);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }
}
