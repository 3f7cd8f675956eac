package jp.uketsuke.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.AnyAuthenticated;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Public;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Viewer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Enforces every handler's declaration ({@link RequiresPermission}, {@link Public}, {@link AnyAuthenticated}) before
 * it runs, against the permissions read for this very request. A handler without exactly one declaration is refused:
 * forgetting one closes the endpoint rather than opening it. Refusals are exceptions that the security filter chain
 * answers (login or 401 for no sign-in; the chain's 403 page or JSON otherwise).
 */
final class PermissionInterceptor implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(PermissionInterceptor.class);

    /** The declaration of one handler method. */
    sealed interface Declaration {
        record Open() implements Declaration {
        }

        record SignedIn() implements Declaration {
        }

        record Permission(String permission, boolean platformOnly) implements Declaration {
        }

        /** Empty when the method carries none, or more than one (which is as bad as none). */
        static Optional<Declaration> of(HandlerMethod method) {
            List<Declaration> found = new ArrayList<>();
            if (method.hasMethodAnnotation(Public.class)) {
                found.add(new Open());
            }
            if (method.hasMethodAnnotation(AnyAuthenticated.class)) {
                found.add(new SignedIn());
            }
            RequiresPermission required = method.getMethodAnnotation(RequiresPermission.class);
            if (required != null) {
                found.add(new Permission(required.value(), required.platformOnly()));
            }
            return found.size() == 1 ? Optional.of(found.getFirst()) : Optional.empty();
        }
    }

    private final CurrentViewer viewers;
    private final AuditLog audit;

    PermissionInterceptor(CurrentViewer viewers, AuditLog audit) {
        this.viewers = viewers;
        this.audit = audit;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true; // static files
        }
        Optional<Declaration> declaration = Declaration.of(method);
        if (declaration.isEmpty()) {
            // the framework's own error page is the one handler we cannot annotate
            if (ErrorController.class.isAssignableFrom(method.getBeanType())) {
                return true;
            }
            log.error("Refused {}: the handler {} declares no permission (or more than one)", request.getRequestURI(),
                    method.getShortLogMessage());
            throw new AccessDeniedException("undeclared endpoint");
        }
        switch (declaration.get()) {
            case Declaration.Open open -> {
                return true;
            }
            case Declaration.SignedIn signedIn -> {
                requireSignedIn();
                return true;
            }
            case Declaration.Permission required -> {
                requireSignedIn();
                Viewer viewer;
                try {
                    viewer = viewers.of(request);
                } catch (IllegalStateException partlySignedIn) {
                    throw new AccessDeniedException("sign-in not complete");
                }
                boolean allowed = required.platformOnly()
                        ? viewer.mayOnPlatform(required.permission()) : viewer.holds(required.permission());
                if (!allowed) {
                    audit.record(new AuditEvent(viewer.actor(), viewer.ownTenant().orElse(null), "access.denied",
                            "permission:" + required.permission(), viewer.sourceAddress(), AuditEvent.DENIED));
                    throw new AccessDeniedException("lacks " + required.permission());
                }
                return true;
            }
        }
    }

    private static void requireSignedIn() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || auth instanceof AnonymousAuthenticationToken || !auth.isAuthenticated()) {
            throw new InsufficientAuthenticationException("not signed in");
        }
    }
}
