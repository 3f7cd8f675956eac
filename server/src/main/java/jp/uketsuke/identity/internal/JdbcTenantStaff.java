package jp.uketsuke.identity.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import jp.uketsuke.identity.TenantStaff;
import org.springframework.stereotype.Component;

/** The tenant's users and its assigned platform users, from the same directory and assignments sign-in reads. */
@Component
class JdbcTenantStaff implements TenantStaff {

    private final StaffDirectory directory;
    private final Assignments assignments;

    JdbcTenantStaff(StaffDirectory directory, Assignments assignments) {
        this.directory = directory;
        this.assignments = assignments;
    }

    @Override
    public List<Member> holding(String permission, UUID tenantId) {
        if (tenantId == null) {
            return List.of();
        }
        List<Member> members = new ArrayList<>();
        for (StaffDirectory.StaffMember m : directory.in(tenantId)) {
            if (m.enabled() && m.permissions().contains(permission)) {
                members.add(new Member(m.actor(), m.username()));
            }
        }
        for (StaffDirectory.StaffMember m : directory.in(null)) {
            if (m.enabled() && m.permissions().contains(permission) && assignments.tenantsOf(m.id()).contains(tenantId)) {
                members.add(new Member(m.actor(), m.username()));
            }
        }
        members.sort(Comparator.comparing(Member::username));
        return List.copyOf(members);
    }
}
