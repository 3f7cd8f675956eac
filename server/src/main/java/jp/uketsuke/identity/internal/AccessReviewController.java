package jp.uketsuke.identity.internal;

import static jp.uketsuke.identity.Permissions.AUDIT_READ;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import jp.uketsuke.identity.CurrentViewer;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.identity.internal.AccessReviewReport.Person;
import jp.uketsuke.identity.internal.AccessReviewSignOffs.SignOff;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The access review (アクセスレビュー) of a tenant or of the platform for its reviewers ({@code audit:read}): a printable
 * page, its CSV download, and the sign-off form. The page needs no script; a print stylesheet leaves out navigation and
 * forms.
 */
@Controller
class AccessReviewController {

    private final AccessReviews reviews;
    private final CurrentViewer viewers;
    private final Tenants tenants;
    private final Clock clock;

    AccessReviewController(AccessReviews reviews, CurrentViewer viewers, Tenants tenants, Clock clock) {
        this.reviews = reviews;
        this.viewers = viewers;
        this.tenants = tenants;
        this.clock = clock;
    }

    /**
     * A user as the page shows them.
     *
     * @param role     a message key for a built-in role, the custom role's own name otherwise
     * @param training a message key under {@code accessReview.training.}, with {@code trainingDate} as its argument
     */
    record PersonRow(String username, String role, boolean builtInRole, List<String> permissions, String assignments,
                     boolean mfaEnrolled, String lastLogin, boolean enabled, String training, String trainingDate) {

        static PersonRow of(Person p) {
            AccessReviewReport.Training t = p.training();
            String training = t.validUntil() == null ? "none" : t.current() ? "valid" : "expired";
            return new PersonRow(p.username(), p.builtInRole() ? "role." + p.role() : p.role(), p.builtInRole(),
                    p.permissions(), p.assignments().stream().map(AccessReviewReport.Assignment::text)
                    .collect(Collectors.joining("; ")), p.mfaEnrolled(), ConsoleTime.format(p.lastLogin()), p.enabled(),
                    training, t.validUntil() == null ? "" : t.validUntil().toString());
        }
    }

    record KeyRow(String prefix, List<String> permissions, String expires, String lastUsed, String state) {
    }

    /** The last sign-off; {@code current} when the report has not changed since. */
    record SignOffRow(String reviewer, String signedAt, String digest, String comment, boolean current) {
    }

    @RequiresPermission(AUDIT_READ)
    @GetMapping("/access-review")
    String page(@RequestParam(required = false) String tenant, @RequestParam(required = false) String signed,
                HttpServletRequest request, Model model) {
        Viewer viewer = viewers.of(request);
        List<UUID> reachable = ScopeChoice.reachable(viewer, AUDIT_READ, tenants);
        Optional<AdminScope> scope = AdminScope.choose(viewer, AUDIT_READ, tenant, true, reachable);
        model.addAttribute("scopes", ScopeChoice.of(viewer, AUDIT_READ, true, reachable, tenants, scope.orElse(null)));
        model.addAttribute("scope", scope.orElse(null));
        if (scope.isEmpty()) {
            return "access-review";
        }
        AccessReviewReport report = reviews.review(viewer, scope.get());
        String digest = report.sha256();
        AccessReviews.Schedule schedule = reviews.schedule(scope.get());
        model.addAttribute("scopeName", report.scopeName());
        model.addAttribute("generated", ConsoleTime.format(clock.instant()));
        model.addAttribute("viewer", viewer.actor());
        model.addAttribute("digest", digest);
        model.addAttribute("overdue", schedule.overdue());
        model.addAttribute("due", schedule.dueAt().map(ConsoleTime::format).orElse(""));
        model.addAttribute("lastSignOff", reviews.lastSignOff(scope.get()).map(s -> row(s, digest)).orElse(null));
        model.addAttribute("signed", signed != null);
        model.addAttribute("users", report.users().stream().map(PersonRow::of).toList());
        model.addAttribute("assigned", report.assigned().stream().map(PersonRow::of).toList());
        model.addAttribute("keys", report.keys().stream()
                .map(k -> new KeyRow(k.prefix(), k.permissions(), ConsoleTime.format(k.expiresAt()),
                        ConsoleTime.format(k.lastUsedAt()), k.state()))
                .toList());
        model.addAttribute("maxComment", AccessReviews.MAX_COMMENT);
        return "access-review";
    }

    /** The report as CSV, exactly the text whose SHA-256 the page shows and a sign-off records. */
    @RequiresPermission(AUDIT_READ)
    @GetMapping("/access-review/export.csv")
    void export(@RequestParam(required = false) String tenant, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Viewer viewer = viewers.of(request);
        AdminScope scope = scope(viewer, tenant);
        AccessReviewReport report = reviews.export(viewer, scope);
        String name = "uketsuke-access-review-" + (scope.platform() ? "platform" : scope.tenantId().toString()) + "-"
                + clock.instant().atZone(ConsoleTime.ZONE).toLocalDate() + ".csv";
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        try (Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8)) {
            out.write('\uFEFF'); // Excel reads UTF-8 (Japanese names) only with a byte-order mark
            out.write(report.csv());
        }
    }

    @RequiresPermission(AUDIT_READ)
    @PostMapping("/access-review/sign-off")
    String signOff(@RequestParam(required = false) String tenant, @RequestParam(defaultValue = "") String digest,
                   @RequestParam(defaultValue = "") String comment, HttpServletRequest request) {
        Viewer viewer = viewers.of(request);
        AdminScope scope = scope(viewer, tenant);
        reviews.signOff(viewer, scope, digest, comment);
        boolean isDefault = scope.equals(AdminScope.choose(viewer, AUDIT_READ, null, true,
                ScopeChoice.reachable(viewer, AUDIT_READ, tenants)).orElse(null));
        return "redirect:/access-review?" + (isDefault ? "" : "tenant=" + scope.tenantId() + "&") + "signed";
    }

    private AdminScope scope(Viewer viewer, String tenant) {
        return AdminScope.choose(viewer, AUDIT_READ, tenant, true, ScopeChoice.reachable(viewer, AUDIT_READ, tenants))
                .orElseThrow(Refused::notFound);
    }

    private static SignOffRow row(SignOff s, String currentDigest) {
        return new SignOffRow(s.reviewer(), ConsoleTime.format(s.signedAt()), s.reportSha256(), s.comment(),
                s.reportSha256().equals(currentDigest));
    }
}
