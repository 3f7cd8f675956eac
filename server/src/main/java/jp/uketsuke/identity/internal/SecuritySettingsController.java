package jp.uketsuke.identity.internal;

import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Permissions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The security policy of the administrator's tenant (MFA for all users or for administrators only; training required
 * for personal data) or of the platform (training only: platform users always need MFA). Changes are audited.
 */
@Controller
class SecuritySettingsController {

    private final SecurityPolicies policies;
    private final AuditLog audit;

    SecuritySettingsController(SecurityPolicies policies, AuditLog audit) {
        this.policies = policies;
        this.audit = audit;
    }

    @RequiresPermission(Permissions.SETTINGS_MANAGE)
    @GetMapping("/settings/security")
    String show(Authentication auth, Model model) {
        ConsoleUser admin = (ConsoleUser) auth.getPrincipal();
        return page(admin, policies.of(scope(admin)), model);
    }

    @RequiresPermission(Permissions.SETTINGS_MANAGE)
    @PostMapping("/settings/security")
    String change(@RequestParam(defaultValue = "") String mfa, @RequestParam(defaultValue = "false") String training,
                  Authentication auth, HttpServletRequest request, HttpServletResponse response, Model model) {
        ConsoleUser admin = (ConsoleUser) auth.getPrincipal();
        UUID scope = scope(admin);
        SecurityPolicies.Policy before = policies.of(scope);
        SecurityPolicies.MfaRequirement requirement;
        try {
            // the platform's users always need MFA: nothing to choose there
            requirement = scope == null ? before.mfa() : SecurityPolicies.MfaRequirement.valueOf(mfa);
        } catch (IllegalArgumentException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("error", "settings.security.error");
            return page(admin, before, model);
        }
        if (!"true".equals(training) && !"false".equals(training)) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("error", "settings.security.error");
            return page(admin, before, model);
        }
        SecurityPolicies.Policy after = new SecurityPolicies.Policy(requirement, Boolean.parseBoolean(training));
        policies.set(scope, after, admin.actor());
        String target = scope == null ? "platform" : "tenant:" + scope;
        if (after.mfa() != before.mfa()) {
            audit.record(new AuditEvent(admin.actor(), scope, "settings.mfa-policy." + after.mfa().name().toLowerCase(java.util.Locale.ROOT),
                    target, request.getRemoteAddr(), AuditEvent.OK));
        }
        if (after.trainingRequired() != before.trainingRequired()) {
            audit.record(new AuditEvent(admin.actor(), scope,
                    "settings.training-policy." + (after.trainingRequired() ? "on" : "off"), target,
                    request.getRemoteAddr(), AuditEvent.OK));
        }
        return "redirect:/settings/security?saved";
    }

    private static String page(ConsoleUser admin, SecurityPolicies.Policy policy, Model model) {
        model.addAttribute("platform", scope(admin) == null);
        model.addAttribute("mfa", policy.mfa().name());
        model.addAttribute("training", policy.trainingRequired());
        return "settings-security";
    }

    private static UUID scope(ConsoleUser user) {
        return user.role().platformWide() ? null : user.tenantId();
    }
}
