package jp.uketsuke.identity.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.AdministratorMail;
import org.springframework.stereotype.Component;

/**
 * Mails a tenant's administrators from the same directory and assignments that sign-in reads: the tenant's own users
 * and the platform users assigned to it, enabled, holding one of the permissions. Each address is opened here, used
 * for one message and forgotten; each message (sent or not) is one audit event.
 */
@Component
class AdministratorMails implements AdministratorMail {

    static final String ACTION = "administrator-mail.sent";

    private final StaffDirectory directory;
    private final Assignments assignments;
    private final UserEmails emails;
    private final OutgoingMail mail;
    private final AuditLog audit;

    AdministratorMails(StaffDirectory directory, Assignments assignments, UserEmails emails, OutgoingMail mail,
                       AuditLog audit) {
        this.directory = directory;
        this.assignments = assignments;
        this.emails = emails;
        this.mail = mail;
        this.audit = audit;
    }

    @Override
    public int tell(String actor, UUID tenantId, Set<String> holdingAnyOf, String subject, String body) {
        if (tenantId == null || !mail.configured()) {
            return 0;
        }
        int sent = 0;
        for (StaffDirectory.StaffMember m : administrators(tenantId, holdingAnyOf)) {
            Optional<String> address = emails.of(m.id(), m.tenantId());
            if (address.isEmpty()) {
                continue; // made by the installation without an address: the console and the log are theirs
            }
            boolean ok = mail.send(address.get(), subject, body);
            audit.record(new AuditEvent(actor, tenantId, ACTION, "user:" + m.username(), null,
                    ok ? AuditEvent.OK : AuditEvent.ERROR));
            sent += ok ? 1 : 0;
        }
        return sent;
    }

    private List<StaffDirectory.StaffMember> administrators(UUID tenantId, Set<String> holdingAnyOf) {
        List<StaffDirectory.StaffMember> found = new ArrayList<>();
        for (StaffDirectory.StaffMember m : directory.in(tenantId)) {
            if (m.enabled() && m.permissions().stream().anyMatch(holdingAnyOf::contains)) {
                found.add(m);
            }
        }
        for (StaffDirectory.StaffMember m : directory.in(null)) {
            if (m.enabled() && m.permissions().stream().anyMatch(holdingAnyOf::contains)
                    && assignments.tenantsOf(m.id()).contains(tenantId)) {
                found.add(m);
            }
        }
        return found;
    }
}
