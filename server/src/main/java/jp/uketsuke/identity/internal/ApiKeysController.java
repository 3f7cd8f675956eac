package jp.uketsuke.identity.internal;

import static jp.uketsuke.identity.Permissions.KEYS_MANAGE;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** A tenant's API keys: listed by prefix with last use, created (the key shown once), revoked. */
@Controller
class ApiKeysController {

    private final KeyAdministration administration;
    private final CurrentViewer viewers;
    private final Tenants tenants;

    ApiKeysController(KeyAdministration administration, CurrentViewer viewers, Tenants tenants) {
        this.administration = administration;
        this.viewers = viewers;
        this.tenants = tenants;
    }

    record KeyRow(String prefix, List<String> permissions, String created, String expires, String lastUsed,
                  boolean revoked) {
    }

    @RequiresPermission(KEYS_MANAGE)
    @GetMapping("/api-keys")
    String list(@RequestParam(required = false) String tenant, HttpServletRequest request, Model model) {
        Viewer viewer = viewers.of(request);
        List<UUID> reachable = ScopeChoice.reachable(viewer, KEYS_MANAGE, tenants);
        // keys belong to tenants: there is no platform level here
        Optional<AdminScope> scope = AdminScope.choose(viewer, KEYS_MANAGE, tenant, false, reachable);
        model.addAttribute("scopes", ScopeChoice.of(viewer, KEYS_MANAGE, false, reachable, tenants, scope.orElse(null)));
        model.addAttribute("scope", scope.orElse(null));
        model.addAttribute("offerable", KeyAdministration.offerable(viewer));
        model.addAttribute("expiryChoices", KeyAdministration.EXPIRY_CHOICES);
        model.addAttribute("keys", scope.map(s -> administration.keys(viewer, s.tenantId())).orElse(List.of()).stream()
                .map(k -> new KeyRow(k.prefix(), Permissions.IN_ORDER.stream().filter(k.permissions()::contains).toList(),
                        ConsoleTime.format(k.createdAt()), ConsoleTime.format(k.expiresAt()),
                        ConsoleTime.format(k.lastUsedAt()), k.revoked()))
                .toList());
        return "api-keys";
    }

    /** Answers with the page that shows the key, once: it is neither stored nor shown again. */
    @RequiresPermission(KEYS_MANAGE)
    @PostMapping("/api-keys")
    String create(@RequestParam(required = false) String tenant,
                  @RequestParam(name = "permissions", required = false) List<String> permissions,
                  @RequestParam(defaultValue = "") String expiresInDays, HttpServletRequest request, Model model) {
        Viewer viewer = viewers.of(request);
        AdminScope scope = AdminScope.choose(viewer, KEYS_MANAGE, tenant, false,
                ScopeChoice.reachable(viewer, KEYS_MANAGE, tenants)).orElseThrow(Refused::notFound);
        model.addAttribute("key", administration.create(viewer, scope.tenantId(), permissions, expiresInDays));
        model.addAttribute("tenant", scope.tenantId());
        return "api-key-created";
    }

    @RequiresPermission(KEYS_MANAGE)
    @PostMapping("/api-keys/{prefix}/revoke")
    String revoke(@PathVariable String prefix, HttpServletRequest request) {
        UUID tenant = administration.revoke(viewers.of(request), prefix);
        return "redirect:/api-keys?tenant=" + tenant;
    }
}
