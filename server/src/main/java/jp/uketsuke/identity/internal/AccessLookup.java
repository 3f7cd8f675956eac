package jp.uketsuke.identity.internal;

import java.util.Set;
import org.springframework.stereotype.Component;

/** Computes a user's {@link Access}: the permissions of their built-in or custom role, and where they apply. */
@Component
class AccessLookup {

    private final StaffDirectory directory;
    private final Assignments assignments;

    AccessLookup(StaffDirectory directory, Assignments assignments) {
        this.directory = directory;
        this.assignments = assignments;
    }

    Access of(UserAccount account) {
        return directory.find(account.id())
                .map(member -> member.platform()
                        ? new Access(member.permissions(), assignments.tenantsOf(member.id()), true)
                        : new Access(member.permissions(), Set.of(member.tenantId()), false))
                .orElseGet(() -> new Access(Set.of(), Set.of(), false));
    }
}
