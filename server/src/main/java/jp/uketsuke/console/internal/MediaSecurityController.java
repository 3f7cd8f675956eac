package jp.uketsuke.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.telephony.MediaSecurity;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A tenant's media security (通話音声の暗号化, S1) for holders of {@code settings:manage}: SRTP required, preferred or
 * off, or the platform default. A change is audited; a value that is not one of the choices stores nothing.
 */
@Controller
class MediaSecurityController {

    /** The form's value for "no policy of its own": follow {@code uketsuke.sip.media-security}. */
    static final String PLATFORM_DEFAULT = "DEFAULT";

    private final Tenants tenants;
    private final CurrentViewer viewers;
    private final AuditLog audit;
    private final String platformDefault;

    MediaSecurityController(Tenants tenants, CurrentViewer viewers, AuditLog audit,
                            @Value("${uketsuke.sip.media-security:PREFERRED}") String platformDefault) {
        this.tenants = tenants;
        this.viewers = viewers;
        this.audit = audit;
        this.platformDefault = platformDefault.strip().toUpperCase(Locale.ROOT);
    }

    @RequiresPermission(Permissions.SETTINGS_MANAGE)
    @GetMapping("/settings/media-security")
    String show(@RequestParam(required = false) UUID tenant, HttpServletRequest request, Model model) {
        Viewer viewer = viewers.of(request);
        return page(viewer, ManagedTenants.chosen(viewer, Permissions.SETTINGS_MANAGE, tenant), null, model);
    }

    @RequiresPermission(Permissions.SETTINGS_MANAGE)
    @PostMapping("/settings/media-security")
    String change(@RequestParam(required = false) UUID tenant, @RequestParam(defaultValue = "") String security,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        Viewer viewer = viewers.of(request);
        UUID chosen = ManagedTenants.chosen(viewer, Permissions.SETTINGS_MANAGE, tenant);
        MediaSecurity after;
        try {
            after = security.equals(PLATFORM_DEFAULT) ? null : MediaSecurity.valueOf(security);
        } catch (IllegalArgumentException notAChoice) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return page(viewer, chosen, "settings.media.error", model);
        }
        MediaSecurity before = tenants.mediaSecurity(chosen).orElse(null);
        if (!Objects.equals(before, after)) {
            tenants.setMediaSecurity(chosen, after);
            audit.record(new AuditEvent(viewer.actor(), chosen, "settings.media-security."
                    + (after == null ? "default" : after.name().toLowerCase(Locale.ROOT)), "tenant:" + chosen,
                    viewer.sourceAddress(), AuditEvent.OK));
        }
        return "redirect:/settings/media-security?tenant=" + chosen + "&saved";
    }

    private String page(Viewer viewer, UUID tenant, String error, Model model) {
        model.addAttribute("tenant", tenant);
        model.addAttribute("tenants", ManagedTenants.of(viewer, Permissions.SETTINGS_MANAGE).stream()
                .map(id -> new ConsoleRequests.TenantChoice(id, tenants.name(id).orElse(id.toString())))
                .sorted(Comparator.comparing(ConsoleRequests.TenantChoice::name)).toList());
        model.addAttribute("current", tenants.mediaSecurity(tenant).map(Enum::name).orElse(PLATFORM_DEFAULT));
        model.addAttribute("platformDefault", platformDefault);
        model.addAttribute("choices", List.of(MediaSecurity.REQUIRED.name(), MediaSecurity.PREFERRED.name(),
                MediaSecurity.OFF.name(), PLATFORM_DEFAULT));
        model.addAttribute("error", error);
        return "settings-media-security";
    }
}
