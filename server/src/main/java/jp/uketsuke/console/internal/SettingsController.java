package jp.uketsuke.console.internal;

import jp.uketsuke.identity.AnyAuthenticated;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The settings hub: administration grouped by what it is about, each page with a line saying what it is for. Open to
 * everyone signed in (their own account is there); each link is shown only to those who may open it
 * ({@link ConsoleNavigation}).
 */
@Controller
class SettingsController {

    @AnyAuthenticated
    @GetMapping("/settings")
    String hub() {
        return "settings";
    }
}
