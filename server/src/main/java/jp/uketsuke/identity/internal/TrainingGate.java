package jp.uketsuke.identity.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.identity.Permissions;
import org.springframework.stereotype.Component;

/**
 * Conditional access by training (S13): while the policy of a user's tenant (or of the platform, for platform users)
 * requires current security training and the user has none, the permissions that show personal data
 * ({@link Permissions#PERSONAL_DATA}) are withheld; everything else the user holds still works. Decided afresh on
 * every request, so a training that expires takes the access away on the next one.
 */
@Component
class TrainingGate {

    /** Request attribute set when permissions were withheld, so that a refusal can say why. */
    static final String WITHHELD = "uketsuke.training.withheld";
    // training records are dates as the console shows them, in Japan time
    private static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");

    private final SecurityPolicies policies;
    private final TrainingRecords records;
    private final Clock clock;

    TrainingGate(SecurityPolicies policies, TrainingRecords records, Clock clock) {
        this.policies = policies;
        this.records = records;
        this.clock = clock;
    }

    /** Of the permissions {@code granted} to the user, those usable now. */
    Set<String> usable(String username, UUID tenantId, Set<String> granted) {
        if (!withholds(username, tenantId, granted)) {
            return granted;
        }
        Set<String> usable = new HashSet<>(granted);
        usable.removeAll(Permissions.PERSONAL_DATA);
        return Set.copyOf(usable);
    }

    boolean withholds(String username, UUID tenantId, Set<String> granted) {
        return granted.stream().anyMatch(Permissions.PERSONAL_DATA::contains)
                && policies.of(tenantId).trainingRequired()
                && !records.current(username, today());
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZONE);
    }
}
