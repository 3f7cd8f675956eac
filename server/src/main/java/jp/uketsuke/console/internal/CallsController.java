package jp.uketsuke.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The call list (F7); one call's page is {@link CallPageController}'s and the CSV export {@link CallExportController}'s.
 * All reads go through {@link CallHistory}, which masks what callers said for whoever may not see it (S8).
 */
@Controller
class CallsController {

    static final int PAGE_SIZE = 100;

    private final CallHistory history;
    private final CurrentViewer viewers;
    private final Tenants tenants;
    private final Clock clock;

    CallsController(CallHistory history, CurrentViewer viewers, Tenants tenants, Clock clock) {
        this.history = history;
        this.viewers = viewers;
        this.tenants = tenants;
        this.clock = clock;
    }

    record TenantChoice(UUID id, String name) {
    }

    @RequiresPermission(Permissions.CALLS_READ)
    @GetMapping("/calls")
    String list(@RequestParam(required = false) String tenant, HttpServletRequest request, Model model) {
        Viewer viewer = viewers.of(request);
        List<TenantChoice> choices = viewer.tenants().stream()
                .map(id -> new TenantChoice(id, tenants.name(id).orElse(id.toString())))
                .sorted(Comparator.comparing(TenantChoice::name).thenComparing(TenantChoice::id))
                .toList();
        Optional<UUID> selected = tenant == null || tenant.isBlank()
                ? choices.stream().findFirst().map(TenantChoice::id)
                : Optional.of(parseOrNotFound(tenant)).filter(viewer.tenants()::contains);
        if (tenant != null && !tenant.isBlank() && selected.isEmpty()) {
            throw notFound();
        }
        model.addAttribute("tenants", choices);
        model.addAttribute("showTenantPicker", choices.size() > 1);
        model.addAttribute("selectedTenant", selected.orElse(null));
        model.addAttribute("calls", selected.map(t -> history.list(viewer, t, PAGE_SIZE)).orElse(List.of())
                .stream().map(CallView::of).toList());
        model.addAttribute("mayExport", selected.filter(t -> viewer.may(Permissions.CALLS_EXPORT, t)).isPresent());
        LocalDate today = LocalDate.now(clock.withZone(CallView.ZONE));
        model.addAttribute("exportFrom", today.minusDays(29));
        model.addAttribute("exportTo", today);
        return "calls";
    }

    static UUID parseOrNotFound(String id) {
        try {
            if (id.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
    }

    static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
}
