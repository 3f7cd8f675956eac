package jp.uketsuke.console.internal;

import jp.uketsuke.identity.RequiresPermission;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.phones.NewStaffPhone;
import jp.uketsuke.phones.StaffPhones;
import jp.uketsuke.telephony.Registration;
import jp.uketsuke.telephony.Registrations;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * Staff phones (内線) for holders of {@code users:manage}: list with registration state, add one, give one a new
 * password, remove one. A new password is shown on the response to the POST that made it and never again; that
 * response is not cached.
 */
@Controller
class PhonesController {

    private static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final StaffPhones phones;
    private final CurrentViewer viewers;
    private final Tenants tenants;
    private final ObjectProvider<Registrations> registrations;

    PhonesController(StaffPhones phones, CurrentViewer viewers, Tenants tenants,
                     ObjectProvider<Registrations> registrations) {
        this.phones = phones;
        this.viewers = viewers;
        this.tenants = tenants;
        this.registrations = registrations;
    }

    /** One row of the page. */
    record PhoneRow(String extension, String username, String created, String passwordSet, boolean registered) {
    }

    @RequiresPermission(Permissions.USERS_MANAGE)
    @GetMapping("/phones")
    String list(@RequestParam(required = false) UUID tenant, HttpServletRequest request, Model model) {
        Viewer viewer = manager(request);
        return page(viewer, ManagedTenants.chosen(viewer, Permissions.USERS_MANAGE, tenant), null, null, model);
    }

    @RequiresPermission(Permissions.USERS_MANAGE)
    @PostMapping("/phones")
    String create(@RequestParam(required = false) UUID tenant, @RequestParam(defaultValue = "") String extension,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        Viewer viewer = manager(request);
        UUID chosen = ManagedTenants.chosen(viewer, Permissions.USERS_MANAGE, tenant);
        try {
            NewStaffPhone created = phones.create(viewer, chosen, extension.strip());
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            return page(viewer, chosen, created, null, model);
        } catch (IllegalArgumentException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return page(viewer, chosen, null, "phones.error.extension", model);
        }
    }

    @RequiresPermission(Permissions.USERS_MANAGE)
    @PostMapping("/phones/{extension}/password")
    String resetPassword(@PathVariable String extension, @RequestParam(required = false) UUID tenant,
                         HttpServletRequest request, HttpServletResponse response, Model model) {
        Viewer viewer = manager(request);
        UUID chosen = ManagedTenants.chosen(viewer, Permissions.USERS_MANAGE, tenant);
        try {
            NewStaffPhone renewed = phones.resetPassword(viewer, chosen, extension);
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            return page(viewer, chosen, renewed, null, model);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }

    @RequiresPermission(Permissions.USERS_MANAGE)
    @PostMapping("/phones/{extension}/delete")
    String remove(@PathVariable String extension, @RequestParam(required = false) UUID tenant,
                  HttpServletRequest request) {
        Viewer viewer = manager(request);
        UUID chosen = ManagedTenants.chosen(viewer, Permissions.USERS_MANAGE, tenant);
        phones.remove(viewer, chosen, extension);
        return "redirect:/phones?tenant=" + chosen;
    }

    private String page(Viewer viewer, UUID tenant, NewStaffPhone shown, String error, Model model) {
        Registrations current = registrations.getIfAvailable();
        Set<String> registered = current == null ? Set.of() : current.ofTenant(tenant.toString()).stream()
                .map(Registration::extension).collect(Collectors.toSet());
        model.addAttribute("phones", phones.list(viewer, tenant).stream()
                .map(p -> new PhoneRow(p.extension(), p.username(), time(p.createdAt()), time(p.passwordSetAt()),
                        registered.contains(p.extension())))
                .toList());
        model.addAttribute("tenant", tenant);
        model.addAttribute("tenants", viewer.tenants().stream()
                .filter(id -> viewer.may(Permissions.USERS_MANAGE, id))
                .map(id -> new ConsoleRequests.TenantChoice(id, tenants.name(id).orElse(id.toString())))
                .sorted(Comparator.comparing(ConsoleRequests.TenantChoice::name)).toList());
        model.addAttribute("shown", shown);
        model.addAttribute("error", error);
        model.addAttribute("sipEnabled", current != null);
        return "phones";
    }

    private Viewer manager(HttpServletRequest request) {
        Viewer viewer = viewers.of(request);
        if (!viewer.permissions().contains(Permissions.USERS_MANAGE)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN);
        }
        return viewer;
    }

    private static String time(Instant instant) {
        return TIME.format(instant.atZone(ZONE));
    }
}
