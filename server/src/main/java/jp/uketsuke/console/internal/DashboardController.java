package jp.uketsuke.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.calls.CallFigures;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.handling.Callbacks;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.notify.NotificationStatus;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The day at a glance for one tenant: today's calls, FAQ answers, blocked sales calls, calls going on, messages
 * nobody has taken up, and calls per hour over 7 days. Counts only, read through {@link CallHistory#figures}.
 *
 * <p>Two figures come from the modules that own them: overdue callback tasks ({@link Callbacks}) and notifications
 * given up on ({@link NotificationStatus}), the latter only for whoever manages the tenant's notifications (others see
 * "—": they could not act on it).
 */
@Controller
class DashboardController {

    private final CallHistory history;
    private final CurrentViewer viewers;
    private final Tenants tenants;
    private final Clock clock;
    private final Callbacks callbacks;
    private final NotificationStatus notifications;

    DashboardController(CallHistory history, CurrentViewer viewers, Tenants tenants, Clock clock, Callbacks callbacks,
                        NotificationStatus notifications) {
        this.callbacks = callbacks;
        this.notifications = notifications;
        this.history = history;
        this.viewers = viewers;
        this.tenants = tenants;
        this.clock = clock;
    }

    @RequiresPermission(Permissions.CALLS_READ)
    @GetMapping("/dashboard")
    String dashboard(@RequestParam(required = false) String tenant, HttpServletRequest request, Model model) {
        Viewer viewer = viewers.of(request);
        List<ConsoleRequests.TenantChoice> choices = CallListController.choices(viewer, tenants);
        Optional<UUID> selected = CallListController.selectedTenant(viewer, choices, tenant);
        LocalDate today = LocalDate.now(clock.withZone(CallView.ZONE));
        model.addAttribute("tenants", choices);
        model.addAttribute("showTenantPicker", choices.size() > 1);
        model.addAttribute("selectedTenant", selected.orElse(null));
        model.addAttribute("today", today);
        Optional<CallFigures> figures = selected.flatMap(t -> history.figures(viewer, t, today));
        model.addAttribute("figures", figures.orElse(null));
        model.addAttribute("chart", figures.map(HourlyChart::of).orElse(null));
        model.addAttribute("overdueCallbacks",
                selected.map(t -> callbacks.overdueCount(viewer, t, clock.instant())).orElse(null));
        model.addAttribute("failedNotifications", selected.filter(t -> viewer.may(Permissions.NOTIFY_MANAGE, t))
                .map(t -> notifications.failedCount(viewer, t)).orElse(null));
        return "dashboard";
    }
}
