package jp.uketsuke.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.internal.AccessReviewReport.Assignment;
import jp.uketsuke.identity.internal.AccessReviewReport.Key;
import jp.uketsuke.identity.internal.AccessReviewReport.Person;
import jp.uketsuke.identity.internal.AccessReviewReport.Training;
import jp.uketsuke.identity.internal.StaffDirectory.StaffMember;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.stereotype.Component;

/** Puts an {@link AccessReviewReport} together from where access is kept: users, roles, assignments, keys, training. */
@Component
class AccessReviewReports {

    private final StaffDirectory directory;
    private final Assignments assignments;
    private final ApiKeys apiKeys;
    private final TrainingRecords training;
    private final TrainingGate gate;
    private final Tenants tenants;
    private final Clock clock;

    AccessReviewReports(StaffDirectory directory, Assignments assignments, ApiKeys apiKeys, TrainingRecords training,
                        TrainingGate gate, Tenants tenants, Clock clock) {
        this.directory = directory;
        this.assignments = assignments;
        this.apiKeys = apiKeys;
        this.training = training;
        this.gate = gate;
        this.tenants = tenants;
        this.clock = clock;
    }

    AccessReviewReport of(AdminScope scope) {
        LocalDate today = gate.today();
        List<Assignments.Assignment> all = assignments.all();
        Map<UUID, LocalDate> platformTraining = training.latestExpiries(null, today);
        if (scope.platform()) {
            List<Person> users = directory.in(null).stream()
                    .map(m -> person(m, all.stream().filter(a -> a.userId().equals(m.id())).toList(), platformTraining, today))
                    .toList();
            return new AccessReviewReport(scope, "", users, List.of(), List.of());
        }
        UUID tenantId = scope.tenantId();
        Map<UUID, LocalDate> tenantTraining = training.latestExpiries(tenantId, today);
        List<Person> users = directory.in(tenantId).stream().map(m -> person(m, List.of(), tenantTraining, today)).toList();
        // platform staff who reach this tenant's data from outside it: the review must show them too
        List<Person> assigned = all.stream().filter(a -> a.tenantId().equals(tenantId))
                .flatMap(a -> directory.find(a.userId()).map(m -> person(m, List.of(a), platformTraining, today)).stream())
                .toList();
        Instant now = clock.instant();
        List<Key> keys = apiKeys.of(tenantId).stream()
                .map(k -> new Key(k.prefix(), ordered(k.permissions()), k.expiresAt(), k.lastUsedAt(),
                        k.revoked() ? "revoked" : k.expiresAt() != null && !k.expiresAt().isAfter(now) ? "expired" : "active"))
                .toList();
        return new AccessReviewReport(scope, tenants.name(tenantId).orElse(""), users, assigned, keys);
    }

    private Person person(StaffMember m, List<Assignments.Assignment> held, Map<UUID, LocalDate> latestTraining,
                          LocalDate today) {
        boolean builtIn = m.customRoleId() == null;
        Training trained = Optional.ofNullable(latestTraining.get(m.id()))
                .map(until -> new Training(until, !until.isBefore(today))).orElse(Training.NONE);
        List<Assignment> assignmentsHeld = held.stream()
                .map(a -> new Assignment(tenants.name(a.tenantId()).orElse(a.tenantId().toString()), a.assignedBy(),
                        a.assignedAt()))
                .toList();
        return new Person(m.username(), builtIn ? m.role().name() : m.customRoleName(), builtIn, ordered(m.permissions()),
                assignmentsHeld, m.mfaEnrolled(), m.lastLoginAt(), m.enabled(), trained);
    }

    private static List<String> ordered(Set<String> permissions) {
        return Permissions.IN_ORDER.stream().filter(permissions::contains).toList();
    }
}
