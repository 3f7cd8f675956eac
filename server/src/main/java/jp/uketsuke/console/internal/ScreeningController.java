package jp.uketsuke.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.screening.AnonymousPolicy;
import jp.uketsuke.screening.ScreeningFeedback;
import jp.uketsuke.screening.ScreeningLists;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * Sales-call screening in the console (F4): a tenant's block and allow lists and anonymous-caller policy (holders of
 * {@code flows:edit}: the rules shape what the bot does), numbers shown masked; and the call page's "営業電話 /
 * 営業ではない" buttons ({@code screening:train}). A value that is not one of the choices stores nothing (400).
 */
@Controller
class ScreeningController {

    private final ScreeningLists lists;
    private final ScreeningFeedback feedback;
    private final CurrentViewer viewers;
    private final Tenants tenants;

    ScreeningController(ScreeningLists lists, ScreeningFeedback feedback, CurrentViewer viewers, Tenants tenants) {
        this.lists = lists;
        this.feedback = feedback;
        this.viewers = viewers;
        this.tenants = tenants;
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @GetMapping("/screening")
    String show(@RequestParam(required = false) UUID tenant, HttpServletRequest request, Model model) {
        Viewer viewer = viewers.of(request);
        return page(viewer, ManagedTenants.chosen(viewer, Permissions.FLOWS_EDIT, tenant), null, model);
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @PostMapping("/screening/numbers")
    String add(@RequestParam(required = false) UUID tenant, @RequestParam(defaultValue = "") String list,
               @RequestParam(defaultValue = "") String number, HttpServletRequest request,
               HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        UUID chosen = ManagedTenants.chosen(viewer, Permissions.FLOWS_EDIT, tenant);
        ScreeningLists.ListKind kind = choice(ScreeningLists.ListKind.class, list);
        if (kind == null) {
            return refused(viewer, chosen, "screening.error.list", response, model);
        }
        try {
            lists.add(viewer, chosen, kind, number);
        } catch (IllegalArgumentException e) {
            return refused(viewer, chosen, e.getMessage().startsWith("not a phone number")
                    ? "screening.error.number" : "screening.error.full", response, model);
        }
        return "redirect:/screening?tenant=" + chosen + "&saved";
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @PostMapping("/screening/numbers/remove")
    String remove(@RequestParam(required = false) UUID tenant, @RequestParam(defaultValue = "") String entry,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        UUID chosen = ManagedTenants.chosen(viewer, Permissions.FLOWS_EDIT, tenant);
        UUID id;
        try {
            id = UUID.fromString(entry);
        } catch (IllegalArgumentException notAnId) {
            id = null;
        }
        if (id == null || !lists.remove(viewer, chosen, id)) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return page(viewer, chosen, "screening.error.entry", model);
        }
        return "redirect:/screening?tenant=" + chosen + "&saved";
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @PostMapping("/screening/anonymous")
    String anonymous(@RequestParam(required = false) UUID tenant, @RequestParam(defaultValue = "") String policy,
                     HttpServletRequest request, HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        UUID chosen = ManagedTenants.chosen(viewer, Permissions.FLOWS_EDIT, tenant);
        AnonymousPolicy chosenPolicy = choice(AnonymousPolicy.class, policy);
        if (chosenPolicy == null) {
            return refused(viewer, chosen, "screening.error.policy", response, model);
        }
        lists.setAnonymousPolicy(viewer, chosen, chosenPolicy);
        return "redirect:/screening?tenant=" + chosen + "&saved";
    }

    /** The call page's buttons: marks the call as a sales call or not, for the tenant's classifier. */
    @RequiresPermission(Permissions.SCREENING_TRAIN)
    @PostMapping("/calls/{callId}/screening")
    String label(@PathVariable String callId, @RequestParam(defaultValue = "") String label,
                 HttpServletRequest request) {
        Viewer viewer = viewers.of(request);
        UUID id = ConsoleRequests.parseOrNotFound(callId);
        ScreeningFeedback.Label chosen = choice(ScreeningFeedback.Label.class, label);
        if (chosen == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "a label is SALES or NOT_SALES");
        }
        try {
            if (!feedback.label(viewer, id, chosen)) {
                throw ConsoleRequests.notFound();
            }
        } catch (IllegalArgumentException nothingSaid) {
            return "redirect:/calls/" + id + "?screening=empty";
        }
        return "redirect:/calls/" + id + "?screening=saved";
    }

    private String refused(Viewer viewer, UUID tenant, String error, HttpServletResponse response, Model model) {
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        return page(viewer, tenant, error, model);
    }

    private String page(Viewer viewer, UUID tenant, String error, Model model) {
        ScreeningLists.Rules rules = lists.rules(viewer, tenant);
        model.addAttribute("tenant", tenant);
        model.addAttribute("tenants", ManagedTenants.of(viewer, Permissions.FLOWS_EDIT).stream()
                .map(id -> new ConsoleRequests.TenantChoice(id, tenants.name(id).orElse(id.toString())))
                .sorted(Comparator.comparing(ConsoleRequests.TenantChoice::name)).toList());
        model.addAttribute("blocked", rules.numbers().stream()
                .filter(n -> n.list() == ScreeningLists.ListKind.BLOCK).toList());
        model.addAttribute("allowed", rules.numbers().stream()
                .filter(n -> n.list() == ScreeningLists.ListKind.ALLOW).toList());
        model.addAttribute("anonymous", rules.anonymous().name());
        model.addAttribute("policies", List.of(AnonymousPolicy.values()).stream().map(Enum::name).toList());
        model.addAttribute("installationBlocked", rules.installationBlocked());
        model.addAttribute("error", error);
        return "screening";
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String value) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException notAChoice) {
            return null;
        }
    }
}
