package jp.uketsuke.notify.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.notify.DataLevel;
import jp.uketsuke.summary.PurposeCategory;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The notifications pages (F8, S8) for holders of {@code notify:manage}: destinations with their state, the form to add
 * or change one (address and secret are never shown back), verification, rules, dead letters and a test button. The
 * services check the tenant, the level and every field; a refusal shows the page again with the reason (400).
 */
@Controller
class NotificationsController {

    private final DestinationAdministration destinations;
    private final RuleAdministration rules;
    private final Tenants tenants;
    private final CurrentViewer viewers;

    NotificationsController(DestinationAdministration destinations, RuleAdministration rules, Tenants tenants,
                            CurrentViewer viewers) {
        this.destinations = destinations;
        this.rules = rules;
        this.tenants = tenants;
        this.viewers = viewers;
    }

    record TenantChoice(UUID id, String name) {
    }

    /** A dead-lettered delivery as the list shows it. */
    record DeadView(UUID id, String when, String destinationName, DeliveryRows.EventKind kind, UUID callId,
                    int attempts, String lastError) {
    }

    @RequiresPermission(Permissions.NOTIFY_MANAGE)
    @GetMapping("/notifications")
    String show(@RequestParam(required = false) UUID tenant, HttpServletRequest request, Model model) {
        Viewer viewer = viewers.of(request);
        return page(viewer, chosen(viewer, tenant), model);
    }

    @RequiresPermission(Permissions.NOTIFY_MANAGE)
    @PostMapping("/notifications/destinations")
    String create(@RequestParam(required = false) UUID tenant, @RequestParam(defaultValue = "") String kind,
                  @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String level,
                  @RequestParam(defaultValue = "") String address, @RequestParam(defaultValue = "") String secret,
                  @RequestParam(defaultValue = "") String options, HttpServletRequest request, HttpServletResponse response,
                  Model model) {
        Viewer viewer = viewers.of(request);
        UUID chosen = chosen(viewer, tenant);
        return attempt(viewer, chosen, response, model, () -> {
            UUID id = destinations.create(viewer, chosen,
                    new DestinationAdministration.Form(kind, name, level, address, secret, options));
            return "redirect:/notifications/destinations/" + id + "?tenant=" + chosen + "&created";
        }, () -> page(viewer, chosen, model));
    }

    @RequiresPermission(Permissions.NOTIFY_MANAGE)
    @GetMapping("/notifications/destinations/{destination}")
    String destination(@RequestParam(required = false) UUID tenant, @PathVariable UUID destination,
                       HttpServletRequest request, Model model) {
        Viewer viewer = viewers.of(request);
        return destinationPage(viewer, chosen(viewer, tenant), destination, model);
    }

    @RequiresPermission(Permissions.NOTIFY_MANAGE)
    @PostMapping("/notifications/destinations/{destination}")
    String change(@RequestParam(required = false) UUID tenant, @PathVariable UUID destination,
                  @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String level,
                  @RequestParam(defaultValue = "") String address, @RequestParam(defaultValue = "") String secret,
                  @RequestParam(defaultValue = "") String options, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        UUID chosen = chosen(viewer, tenant);
        return onDestination(viewer, chosen, destination, response, model, "saved", () -> destinations.change(viewer,
                chosen, destination, new DestinationAdministration.Form(null, name, level, address, secret, options)));
    }

    @RequiresPermission(Permissions.NOTIFY_MANAGE)
    @PostMapping("/notifications/destinations/{destination}/code")
    String sendCode(@RequestParam(required = false) UUID tenant, @PathVariable UUID destination,
                    HttpServletRequest request, HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        UUID chosen = chosen(viewer, tenant);
        return onDestination(viewer, chosen, destination, response, model, "code-sent",
                () -> destinations.sendCode(viewer, chosen, destination));
    }

    @RequiresPermission(Permissions.NOTIFY_MANAGE)
    @PostMapping("/notifications/destinations/{destination}/verify")
    String verify(@RequestParam(required = false) UUID tenant, @PathVariable UUID destination,
                  @RequestParam(defaultValue = "") String code, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        UUID chosen = chosen(viewer, tenant);
        return onDestination(viewer, chosen, destination, response, model, "verified",
                () -> destinations.verify(viewer, chosen, destination, code));
    }

    @RequiresPermission(Permissions.NOTIFY_MANAGE)
    @PostMapping("/notifications/destinations/{destination}/enabled")
    String enable(@RequestParam(required = false) UUID tenant, @PathVariable UUID destination,
                  @RequestParam(defaultValue = "") String enabled, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        UUID chosen = chosen(viewer, tenant);
        return onDestination(viewer, chosen, destination, response, model, "saved", () -> {
            if (!enabled.equals("true") && !enabled.equals("false")) {
                throw new NotifyRefusal("notify.error.enabled");
            }
            destinations.setEnabled(viewer, chosen, destination, Boolean.parseBoolean(enabled));
        });
    }

    @RequiresPermission(Permissions.NOTIFY_MANAGE)
    @PostMapping("/notifications/destinations/{destination}/test")
    String test(@RequestParam(required = false) UUID tenant, @PathVariable UUID destination,
                HttpServletRequest request, HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        UUID chosen = chosen(viewer, tenant);
        return onDestination(viewer, chosen, destination, response, model, "test-queued",
                () -> destinations.sendTest(viewer, chosen, destination));
    }

    @RequiresPermission(Permissions.NOTIFY_MANAGE)
    @PostMapping("/notifications/destinations/{destination}/delete")
    String delete(@RequestParam(required = false) UUID tenant, @PathVariable UUID destination,
                  HttpServletRequest request) {
        Viewer viewer = viewers.of(request);
        UUID chosen = chosen(viewer, tenant);
        destinations.delete(viewer, chosen, destination);
        return "redirect:/notifications?tenant=" + chosen + "&deleted";
    }

    @RequiresPermission(Permissions.NOTIFY_MANAGE)
    @PostMapping("/notifications/rules")
    String createRule(@RequestParam(required = false) UUID tenant, @RequestParam(defaultValue = "") String destination,
                      @RequestParam(required = false) List<String> outcomes,
                      @RequestParam(required = false) List<String> categories,
                      @RequestParam(defaultValue = "") String dialedNumber, @RequestParam(defaultValue = "") String hours,
                      @RequestParam(defaultValue = "true") String enabled, HttpServletRequest request,
                      HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        UUID chosen = chosen(viewer, tenant);
        return attempt(viewer, chosen, response, model, () -> {
            rules.create(viewer, chosen, new RuleAdministration.Form(destination, outcomes, categories, dialedNumber,
                    hours, flag(enabled)));
            return "redirect:/notifications?tenant=" + chosen + "&saved#rules";
        }, () -> page(viewer, chosen, model));
    }

    @RequiresPermission(Permissions.NOTIFY_MANAGE)
    @PostMapping("/notifications/rules/{rule}")
    String changeRule(@RequestParam(required = false) UUID tenant, @PathVariable UUID rule,
                      @RequestParam(defaultValue = "") String destination,
                      @RequestParam(required = false) List<String> outcomes,
                      @RequestParam(required = false) List<String> categories,
                      @RequestParam(defaultValue = "") String dialedNumber, @RequestParam(defaultValue = "") String hours,
                      @RequestParam(defaultValue = "false") String enabled, @RequestParam(defaultValue = "-1") int version,
                      HttpServletRequest request, HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        UUID chosen = chosen(viewer, tenant);
        return attempt(viewer, chosen, response, model, () -> {
            rules.change(viewer, chosen, rule, new RuleAdministration.Form(destination, outcomes, categories,
                    dialedNumber, hours, flag(enabled)), version);
            return "redirect:/notifications?tenant=" + chosen + "&saved#rules";
        }, () -> page(viewer, chosen, model));
    }

    @RequiresPermission(Permissions.NOTIFY_MANAGE)
    @PostMapping("/notifications/rules/{rule}/delete")
    String deleteRule(@RequestParam(required = false) UUID tenant, @PathVariable UUID rule, HttpServletRequest request) {
        Viewer viewer = viewers.of(request);
        UUID chosen = chosen(viewer, tenant);
        rules.delete(viewer, chosen, rule);
        return "redirect:/notifications?tenant=" + chosen + "&deleted#rules";
    }

    @RequiresPermission(Permissions.NOTIFY_MANAGE)
    @PostMapping("/notifications/deliveries/{delivery}/resend")
    String resend(@RequestParam(required = false) UUID tenant, @PathVariable UUID delivery,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        UUID chosen = chosen(viewer, tenant);
        return attempt(viewer, chosen, response, model, () -> {
            rules.resend(viewer, chosen, delivery);
            return "redirect:/notifications?tenant=" + chosen + "&resent#dead-letters";
        }, () -> page(viewer, chosen, model));
    }

    @ExceptionHandler(NotifyRefusal.NotFound.class)
    void notFound() {
        throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }

    private interface Action {
        String run();
    }

    /** Runs the action; a refusal shows the page again with its reason and 400. */
    private String attempt(Viewer viewer, UUID tenant, HttpServletResponse response, Model model, Action action,
                           Action page) {
        try {
            return action.run();
        } catch (NotifyRefusal refusal) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("error", refusal.messageKey());
            model.addAttribute("errorDetail", refusal.detail());
            return page.run();
        }
    }

    private String onDestination(Viewer viewer, UUID tenant, UUID destination, HttpServletResponse response,
                                 Model model, String done, Runnable action) {
        return attempt(viewer, tenant, response, model, () -> {
            action.run();
            return "redirect:/notifications/destinations/" + destination + "?tenant=" + tenant + "&" + done;
        }, () -> destinationPage(viewer, tenant, destination, model));
    }

    private String page(Viewer viewer, UUID tenant, Model model) {
        List<DestinationAdministration.Listed> listed = destinations.list(viewer, tenant);
        Map<UUID, String> names = listed.stream().map(DestinationAdministration.Listed::destination)
                .collect(Collectors.toMap(DestinationRows.Stored::id, DestinationRows.Stored::name));
        common(viewer, tenant, model);
        model.addAttribute("destinations", listed);
        model.addAttribute("rules", rules.list(viewer, tenant));
        model.addAttribute("deadLetters", rules.deadLetters(viewer, tenant).stream()
                .map(d -> new DeadView(d.id(), NoticeRenderer.time(d.updatedAt()),
                        names.getOrDefault(d.destinationId(), "?"), d.kind(), d.callId(), d.attempts(), d.lastError()))
                .toList());
        return "notifications";
    }

    private String destinationPage(Viewer viewer, UUID tenant, UUID id, Model model) {
        DestinationRows.Stored destination = destinations.find(viewer, tenant, id);
        common(viewer, tenant, model);
        model.addAttribute("destination", destination);
        model.addAttribute("changedAt", NoticeRenderer.time(destination.changedAt()));
        model.addAttribute("optionsText", destination.options().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n")));
        return "notification-destination";
    }

    private void common(Viewer viewer, UUID tenant, Model model) {
        model.addAttribute("tenant", tenant);
        model.addAttribute("tenants", managed(viewer).stream()
                .map(id -> new TenantChoice(id, tenants.name(id).orElse(id.toString())))
                .sorted(Comparator.comparing(TenantChoice::name)).toList());
        model.addAttribute("kinds", destinations.offeredKinds());
        model.addAttribute("levels", DataLevel.values());
        model.addAttribute("fullAllowed", viewer.may(Permissions.TRANSCRIPTS_UNREDACTED, tenant));
        model.addAttribute("outcomes", NotifiedOutcome.values());
        model.addAttribute("categories", PurposeCategory.values());
        model.addAttribute("hoursChoices", RuleRows.Hours.values());
    }

    private static List<UUID> managed(Viewer viewer) {
        return viewer.tenants().stream().filter(id -> viewer.may(Permissions.NOTIFY_MANAGE, id)).sorted().toList();
    }

    /** The tenant asked for, or the viewer's first; one out of reach is not found (404). */
    private static UUID chosen(Viewer viewer, UUID asked) {
        List<UUID> managed = managed(viewer);
        if (asked != null ? !managed.contains(asked) : managed.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return asked != null ? asked : managed.getFirst();
    }

    private static boolean flag(String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new NotifyRefusal("notify.error.enabled");
        }
        return Boolean.parseBoolean(value);
    }

}
