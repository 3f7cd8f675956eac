package jp.uketsuke.identity.internal;

import java.util.Set;
import org.springframework.stereotype.Component;

/** Computes a user's {@link Access}: the permissions of their built-in or custom role, and where they apply. */
@Component
class AccessLookup {

    private final StaffDirectory directory;
    private final Assignments assignments;
    private final TrainingGate training;

    AccessLookup(StaffDirectory directory, Assignments assignments, TrainingGate training) {
        this.directory = directory;
        this.assignments = assignments;
        this.training = training;
    }

    /** Also the one place where a training policy withholds the permissions that show personal data (S13). */
    Access of(UserAccount account) {
        return directory.find(account.id())
                .map(member -> member.platform()
                        ? new Access(usable(account, member.permissions()), assignments.tenantsOf(member.id()), true)
                        : new Access(usable(account, member.permissions()), Set.of(member.tenantId()), false))
                .orElseGet(() -> new Access(Set.of(), Set.of(), false));
    }

    private Set<String> usable(UserAccount account, Set<String> granted) {
        return training.usable(account.username(), account.tenantId(), granted);
    }
}
