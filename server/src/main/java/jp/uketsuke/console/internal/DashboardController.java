package jp.uketsuke.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.calls.CallFigures;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The day at a glance for one tenant: today's calls, FAQ answers, blocked sales calls, calls going on, messages
 * nobody has taken up, and calls per hour over 7 days. Counts only, read through {@link CallHistory#figures}.
 *
 * <p>Two figures come from other modules and are wired when they exist: {@code overdueCallbacks} (callback tasks past
 * their time) and {@code failedNotifications} (notifications that could not be delivered). Until then they are null
 * and the page shows "—".
 */
@Controller
class DashboardController {

    private final CallHistory history;
    private final CurrentViewer viewers;
    private final Tenants tenants;
    private final Clock clock;

    DashboardController(CallHistory history, CurrentViewer viewers, Tenants tenants, Clock clock) {
        this.history = history;
        this.viewers = viewers;
        this.tenants = tenants;
        this.clock = clock;
    }

    @RequiresPermission(Permissions.CALLS_READ)
    @GetMapping("/dashboard")
    String dashboard(@RequestParam(required = false) String tenant, HttpServletRequest request, Model model) {
        Viewer viewer = viewers.of(request);
        List<CallsController.TenantChoice> choices = CallListController.choices(viewer, tenants);
        Optional<UUID> selected = CallListController.selectedTenant(viewer, choices, tenant);
        LocalDate today = LocalDate.now(clock.withZone(CallView.ZONE));
        model.addAttribute("tenants", choices);
        model.addAttribute("showTenantPicker", choices.size() > 1);
        model.addAttribute("selectedTenant", selected.orElse(null));
        model.addAttribute("today", today);
        Optional<CallFigures> figures = selected.flatMap(t -> history.figures(viewer, t, today));
        model.addAttribute("figures", figures.orElse(null));
        model.addAttribute("chart", figures.map(HourlyChart::of).orElse(null));
        // slots for figures other modules own; null shows as "—" until the lead wires them
        model.addAttribute("overdueCallbacks", null);
        model.addAttribute("failedNotifications", null);
        return "dashboard";
    }
}
