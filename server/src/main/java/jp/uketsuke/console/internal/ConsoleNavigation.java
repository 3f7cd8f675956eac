package jp.uketsuke.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What the console's navigation shows: a link only to pages the viewer may open. */
@ControllerAdvice(basePackageClasses = ConsoleNavigation.class)
class ConsoleNavigation {

    private final CurrentViewer viewers;

    ConsoleNavigation(CurrentViewer viewers) {
        this.viewers = viewers;
    }

    @ModelAttribute("mayManagePhones")
    boolean mayManagePhones(HttpServletRequest request) {
        try {
            return viewers.of(request).permissions().contains(Permissions.USERS_MANAGE);
        } catch (IllegalStateException notSignedIn) {
            return false;
        }
    }

    @ModelAttribute("mayReadAudit")
    boolean mayReadAudit(HttpServletRequest request) {
        try {
            return viewers.of(request).permissions().contains(Permissions.AUDIT_READ);
        } catch (IllegalStateException notSignedIn) {
            return false;
        }
    }
}
