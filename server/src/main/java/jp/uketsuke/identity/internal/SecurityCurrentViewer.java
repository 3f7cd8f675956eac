package jp.uketsuke.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Viewer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Turns the authenticated console user or API key into the {@link Viewer} that every permission check takes. A
 * console user's permissions and tenants are those {@link AccountStateFilter} read for this request, never what the
 * session remembers from sign-in; an API key is read afresh by {@link ApiKeyFilter} on every request.
 */
@Component
class SecurityCurrentViewer implements CurrentViewer {

    private final UserAccounts accounts;
    private final AccessLookup access;

    SecurityCurrentViewer(UserAccounts accounts, AccessLookup access) {
        this.accounts = accounts;
        this.access = access;
    }

    @Override
    public Viewer of(HttpServletRequest request) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        // a session that has only passed the password step is nobody yet
        Object principal = auth == null || (auth.getPrincipal() instanceof ConsoleUser && !SignIn.complete(auth))
                ? null : auth.getPrincipal();
        return switch (principal) {
            case ConsoleUser user -> {
                Access current = accessOf(user, request);
                yield new Viewer(user.actor(), current.tenants(), current.permissions(), request.getRemoteAddr(),
                        current.platform());
            }
            case ApiKeyHolder key -> new Viewer(key.actor(), Set.of(key.tenantId()), key.permissions(),
                    request.getRemoteAddr());
            case null, default -> throw new IllegalStateException("request is not authenticated");
        };
    }

    private Access accessOf(ConsoleUser user, HttpServletRequest request) {
        if (request.getAttribute(Access.ATTRIBUTE) instanceof Access loaded) {
            return loaded;
        }
        // outside the filter (e.g. an error page): read it now, and nothing for an account that is gone or disabled
        Access loaded = accounts.find(user.getUsername()).filter(UserAccount::enabled).map(access::of)
                .orElseGet(() -> new Access(Set.of(), Set.of(), false));
        request.setAttribute(Access.ATTRIBUTE, loaded);
        return loaded;
    }
}
