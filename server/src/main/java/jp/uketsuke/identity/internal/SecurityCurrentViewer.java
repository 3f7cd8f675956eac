package jp.uketsuke.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Viewer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** Turns the authenticated console user or API key into the {@link Viewer} that every read of calls takes. */
@Component
class SecurityCurrentViewer implements CurrentViewer {

    private final TenantScope scope;
    private final TrainingGate training;

    SecurityCurrentViewer(TenantScope scope, TrainingGate training) {
        this.scope = scope;
        this.training = training;
    }

    @Override
    public Viewer of(HttpServletRequest request) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        // a session that has only passed the password step is nobody yet
        Object principal = auth == null || (auth.getPrincipal() instanceof ConsoleUser && !SignIn.complete(auth))
                ? null : auth.getPrincipal();
        return switch (principal) {
            case ConsoleUser user -> new Viewer(user.actor(),
                    user.role().platformWide() ? scope.allTenants() : Set.of(user.tenantId()),
                    training.usable(user.getUsername(), user.tenantId(), user.role().permissions()),
                    request.getRemoteAddr());
            case ApiKeyHolder key -> new Viewer(key.actor(), Set.of(key.tenantId()), key.permissions(),
                    request.getRemoteAddr());
            case null, default -> throw new IllegalStateException("request is not authenticated");
        };
    }
}
