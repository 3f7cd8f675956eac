package jp.uketsuke.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.handling.Callbacks;
import jp.uketsuke.handling.HandlingRefused;
import jp.uketsuke.handling.ShownCallback;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The callbacks still to make across the viewer's tenants (F7): overdue first, then by due time; everyone's or only
 * the viewer's. Marking one done (or not done again) and giving it to someone else, from here or from the call page.
 */
@Controller
class CallbacksController {

    /** Open tasks due within this many days are listed; later ones are on their calls' pages. */
    static final int DAYS_AHEAD = 30;
    static final int PAGE_SIZE = 200;

    private final Callbacks callbacks;
    private final CurrentViewer viewers;
    private final Tenants tenants;
    private final Clock clock;

    CallbacksController(Callbacks callbacks, CurrentViewer viewers, Tenants tenants, Clock clock) {
        this.callbacks = callbacks;
        this.viewers = viewers;
        this.tenants = tenants;
        this.clock = clock;
    }

    @RequiresPermission(Permissions.CALLS_READ)
    @GetMapping("/callbacks")
    String list(@RequestParam(required = false) String tenant, @RequestParam(defaultValue = "all") String show,
                HttpServletRequest request, Model model) {
        return page(viewers.of(request), tenant, show, null, model);
    }

    @RequiresPermission(Permissions.CALLS_READ)
    @PostMapping("/callbacks/{taskId}/done")
    String done(@PathVariable String taskId, @RequestParam(defaultValue = "") String version,
                @RequestParam(defaultValue = "true") boolean done, @RequestParam(defaultValue = "") String back,
                HttpServletRequest request, HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        UUID id = ConsoleRequests.parseOrNotFound(taskId);
        return changed(viewer, back, response, model,
                () -> callbacks.markDone(viewer, id, CallWorkController.version(version), done));
    }

    @RequiresPermission(Permissions.CALLS_READ)
    @PostMapping("/callbacks/{taskId}/assignee")
    String assignee(@PathVariable String taskId, @RequestParam(defaultValue = "") String version,
                    @RequestParam(defaultValue = "") String assignee, @RequestParam(defaultValue = "false") boolean me,
                    @RequestParam(defaultValue = "") String back, HttpServletRequest request,
                    HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        UUID id = ConsoleRequests.parseOrNotFound(taskId);
        String chosen = me ? viewer.actor() : assignee;
        return changed(viewer, back, response, model,
                () -> callbacks.assign(viewer, id, CallWorkController.version(version), chosen));
    }

    private String changed(Viewer viewer, String back, HttpServletResponse response, Model model,
                           java.util.function.Supplier<Optional<ShownCallback>> change) {
        ShownCallback task;
        try {
            task = change.get().orElseThrow(ConsoleRequests::notFound);
        } catch (HandlingRefused e) {
            response.setStatus(CallWorkController.status(e).value());
            return page(viewer, null, "all", "work.error." + e.reason().name(), model);
        }
        return "call".equals(back) ? "redirect:/calls/" + task.callId() + "#callbacks" : "redirect:/callbacks";
    }

    private String page(Viewer viewer, String tenant, String show, String error, Model model) {
        UUID chosen = null;
        if (tenant != null && !tenant.isBlank()) {
            chosen = ConsoleRequests.parseOrNotFound(tenant.strip());
            if (!viewer.may(Permissions.CALLS_READ, chosen)) {
                throw ConsoleRequests.notFound();
            }
        }
        boolean mine = "mine".equals(show);
        Instant now = clock.instant();
        List<ShownCallback> open = callbacks.open(viewer, chosen, mine, now.plus(java.time.Duration.ofDays(DAYS_AHEAD)), PAGE_SIZE);
        model.addAttribute("tasks", open.stream()
                .map(c -> WorkViews.CallbackView.of(c, now, tenants.name(c.tenantId()).orElse(""))).toList());
        model.addAttribute("overdue", open.stream().filter(c -> c.overdue(now)).count());
        model.addAttribute("mine", mine);
        model.addAttribute("selectedTenant", chosen);
        model.addAttribute("tenants", viewer.tenants().stream().filter(t -> viewer.may(Permissions.CALLS_READ, t))
                .map(t -> new ConsoleRequests.TenantChoice(t, tenants.name(t).orElse(t.toString())))
                .sorted(Comparator.comparing(ConsoleRequests.TenantChoice::name)).toList());
        model.addAttribute("me", viewer.actor());
        model.addAttribute("workError", error);
        model.addAttribute("daysAhead", DAYS_AHEAD);
        return "callbacks";
    }
}
