package jp.uketsuke.identity.internal;

import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.identity.AnyAuthenticated;
import jp.uketsuke.identity.Permissions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/** Security training records of the administrator's tenant (or the platform's users), and the notice of missing training. */
@Controller
class TrainingController {

    static final int MAX_COURSE_LENGTH = 200;

    private final TrainingRecords records;
    private final TrainingGate gate;
    private final SecurityPolicies policies;
    private final AuditLog audit;

    TrainingController(TrainingRecords records, TrainingGate gate, SecurityPolicies policies, AuditLog audit) {
        this.records = records;
        this.gate = gate;
        this.policies = policies;
        this.audit = audit;
    }

    /** One user and their latest training; {@code validUntil} is empty when they have none current. */
    record PersonRow(UUID id, String username, String roleKey, boolean enabled, String validUntil) {
    }

    record RecordRow(String username, String course, LocalDate completedOn, LocalDate expiresOn, String recordedBy,
                     boolean current) {
    }

    @RequiresPermission(Permissions.USERS_MANAGE)
    @GetMapping("/training")
    String list(Authentication auth, Model model) {
        return page(user(auth), model);
    }

    @RequiresPermission(Permissions.USERS_MANAGE)
    @PostMapping("/training")
    String record(@RequestParam(defaultValue = "") String user, @RequestParam(defaultValue = "") String course,
                  @RequestParam(defaultValue = "") String completedOn, @RequestParam(defaultValue = "") String expiresOn,
                  Authentication auth, HttpServletRequest request, HttpServletResponse response, Model model) {
        ConsoleUser admin = user(auth);
        UUID scope = scope(admin);
        // only a user of the administrator's own tenant (or of the platform): anyone else is "not found"
        TrainingRecords.Person person = parse(user)
                .flatMap(id -> records.people(scope).stream().filter(p -> p.id().equals(id)).findFirst())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        String name = course.strip();
        Optional<LocalDate> completed = date(completedOn);
        Optional<LocalDate> expires = date(expiresOn);
        String error = null;
        if (name.isEmpty() || name.length() > MAX_COURSE_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            error = "training.error.course";
        } else if (completed.isEmpty() || expires.isEmpty()) {
            error = "training.error.date";
        } else if (completed.get().isAfter(gate.today())) {
            error = "training.error.future";
        } else if (!expires.get().isAfter(completed.get())) {
            error = "training.error.expiry";
        }
        String target = "user:" + person.username();
        if (error != null) {
            audit.record(new AuditEvent(admin.actor(), scope, "training.record", target, request.getRemoteAddr(), AuditEvent.DENIED));
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("error", error);
            return page(admin, model);
        }
        records.add(person.id(), name, completed.get(), expires.get(), admin.actor());
        audit.record(new AuditEvent(admin.actor(), scope, "training.record", target, request.getRemoteAddr(), AuditEvent.OK));
        return "redirect:/training";
    }

    /** Shown in place of a page whose personal data needs current training (also reached by forward, any method). */
    @AnyAuthenticated
    @RequestMapping(TrainingRequiredNotice.PATH)
    String required(Authentication auth, Model model) {
        ConsoleUser user = user(auth);
        model.addAttribute("platform", user.role().platformWide());
        return "training-required";
    }

    private String page(ConsoleUser admin, Model model) {
        UUID scope = scope(admin);
        LocalDate today = gate.today();
        List<TrainingRecords.Training> all = records.ofScope(scope);
        List<TrainingRecords.Person> people = records.people(scope);
        Map<UUID, String> names = people.stream().collect(Collectors.toMap(TrainingRecords.Person::id, TrainingRecords.Person::username));
        Map<UUID, LocalDate> validUntil = all.stream().filter(t -> t.currentOn(today))
                .collect(Collectors.toMap(TrainingRecords.Training::userId, TrainingRecords.Training::expiresOn,
                        (a, b) -> a.isAfter(b) ? a : b));
        model.addAttribute("required", policies.of(scope).trainingRequired());
        model.addAttribute("today", today);
        model.addAttribute("people", people.stream()
                .map(p -> new PersonRow(p.id(), p.username(), "lifecycle.role." + p.role(), p.enabled(),
                        Optional.ofNullable(validUntil.get(p.id())).map(LocalDate::toString).orElse("")))
                .toList());
        model.addAttribute("records", all.stream()
                .map(t -> new RecordRow(names.getOrDefault(t.userId(), "?"), t.course(), t.completedOn(), t.expiresOn(),
                        t.recordedBy(), t.currentOn(today)))
                .sorted(Comparator.comparing(RecordRow::completedOn, Comparator.reverseOrder()))
                .toList());
        return "training";
    }

    private static UUID scope(ConsoleUser user) {
        return user.role().platformWide() ? null : user.tenantId();
    }

    private static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<LocalDate> date(String text) {
        try {
            return Optional.of(LocalDate.parse(text.strip()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static ConsoleUser user(Authentication auth) {
        return (ConsoleUser) auth.getPrincipal();
    }
}
