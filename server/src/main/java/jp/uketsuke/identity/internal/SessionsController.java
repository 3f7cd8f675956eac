package jp.uketsuke.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.AnyAuthenticated;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/** The signed-in user's own sessions, and "sign out everywhere". */
@Controller
class SessionsController {

    private final ActiveSessions sessions;
    private final AuditLog audit;

    SessionsController(ActiveSessions sessions, AuditLog audit) {
        this.sessions = sessions;
        this.audit = audit;
    }

    // the console shows times in Japan time, as the call pages do
    private static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** One row of the page; the session's handle stays on the server. */
    record SessionRow(String created, String lastSeen, String address, boolean current) {
    }

    @AnyAuthenticated
    @GetMapping("/sessions")
    String list(Authentication auth, HttpSession session, Model model) {
        ConsoleUser user = (ConsoleUser) auth.getPrincipal();
        Object current = session.getAttribute(ActiveSessions.ATTRIBUTE);
        model.addAttribute("sessions", sessions.of(user.getUsername()).stream()
                .map(e -> new SessionRow(TIME.format(e.created().atZone(ZONE)), TIME.format(e.lastSeen().atZone(ZONE)),
                        e.address(), e.handle().equals(current)))
                .toList());
        return "sessions";
    }

    @AnyAuthenticated
    @PostMapping("/sessions/end-all")
    String endAll(Authentication auth, HttpServletRequest request) {
        ConsoleUser user = (ConsoleUser) auth.getPrincipal();
        sessions.endAll(user.getUsername());
        audit.record(new AuditEvent(user.actor(), user.tenantId(), "session.end_all", user.actor(), request.getRemoteAddr(),
                AuditEvent.OK));
        AccountStateFilter.signOut(request);
        return "redirect:/login?logout";
    }
}
