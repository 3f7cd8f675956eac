package jp.uketsuke.identity.internal;

import jp.uketsuke.identity.Permissions;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Links of the console's navigation to the account-lifecycle pages, shown only to those who may open them. */
@ControllerAdvice
class LifecycleNavigation {

    @ModelAttribute("mayManageUsers")
    boolean mayManageUsers() {
        return holds(Permissions.USERS_MANAGE);
    }

    @ModelAttribute("mayManageSettings")
    boolean mayManageSettings() {
        return holds(Permissions.SETTINGS_MANAGE);
    }

    private static boolean holds(String permission) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return SignIn.complete(auth) && auth.getAuthorities().stream().anyMatch(a -> permission.equals(a.getAuthority()));
    }
}
