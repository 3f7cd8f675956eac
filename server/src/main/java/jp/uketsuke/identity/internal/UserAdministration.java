package jp.uketsuke.identity.internal;

import static jp.uketsuke.identity.Permissions.USERS_MANAGE;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.identity.internal.Assignments.Assignment;
import jp.uketsuke.identity.internal.RoleGrants.RoleChoice;
import jp.uketsuke.identity.internal.StaffDirectory.StaffMember;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Managing users ({@code users:manage}): their roles, deactivation and re-enabling, and which tenants platform users
 * are assigned to. Nobody gives a role with power over others' access ({@link Permissions#MANAGING_ACCESS}) that they
 * do not hold themselves ({@link RoleGrants}, the rule invitations follow too), so a user manager cannot make an
 * administrator. Every change and every refusal is in the audit log.
 */
@Service
class UserAdministration {

    private final StaffDirectory directory;
    private final UserAccounts accounts;
    private final RoleGrants grants;
    private final Assignments assignments;
    private final ActiveSessions sessions;
    private final Tenants tenants;
    private final AuditLog audit;
    private final Clock clock;

    UserAdministration(StaffDirectory directory, UserAccounts accounts, RoleGrants grants, Assignments assignments,
                       ActiveSessions sessions, Tenants tenants, AuditLog audit, Clock clock) {
        this.directory = directory;
        this.accounts = accounts;
        this.grants = grants;
        this.assignments = assignments;
        this.sessions = sessions;
        this.tenants = tenants;
        this.audit = audit;
        this.clock = clock;
    }

    List<StaffMember> users(Viewer viewer, AdminScope scope) {
        if (!scope.allows(viewer, USERS_MANAGE)) {
            throw Refused.notFound();
        }
        // user names and sign-in times of staff are personal data too
        record(viewer, scope.tenantId(), "user.list", scope.target(), AuditEvent.OK);
        return directory.in(scope.tenantId());
    }

    /** The roles of the scope, built-in then custom, that the viewer may give. */
    List<RoleChoice> grantableRoles(Viewer viewer, AdminScope scope) {
        return grants.offerable(viewer, scope);
    }

    /** @return the user, as they were before the change */
    @Transactional
    StaffMember changeRole(Viewer viewer, UUID userId, String choice) {
        StaffMember member = reachable(viewer, userId, "user.role.change");
        if (viewer.actor().equals(member.actor())) {
            record(viewer, member.tenantId(), "user.role.change", member.actor(), AuditEvent.DENIED);
            throw Refused.invalid("users.error.self");
        }
        RoleChoice role = grants.find(new AdminScope(member.tenantId()), choice).orElseThrow(() ->
                RoleGrants.namesCustomRole(choice) ? Refused.notFound() : Refused.invalid("users.error.role"));
        if (!RoleGrants.mayGive(viewer, role.permissions())) {
            record(viewer, member.tenantId(), "user.role.change", member.actor(), AuditEvent.DENIED);
            throw Refused.forbidden("users.error.moreThanYours");
        }
        directory.giveRole(member.id(), role.role(), role.customRoleId());
        record(viewer, member.tenantId(), "user.role.change", member.actor(), AuditEvent.OK);
        return member;
    }

    /** @return the user, as they were before */
    StaffMember deactivate(Viewer viewer, UUID userId) {
        StaffMember member = reachable(viewer, userId, "user.disable");
        if (viewer.actor().equals(member.actor())) {
            record(viewer, member.tenantId(), "user.disable", member.actor(), AuditEvent.DENIED);
            throw Refused.invalid("users.error.self");
        }
        accounts.disable(member.username());
        // the account check refuses their sessions anyway; this also empties their list of sessions
        sessions.endAll(member.username());
        record(viewer, member.tenantId(), "user.disable", member.actor(), AuditEvent.OK);
        return member;
    }

    /**
     * Enables a disabled user again (deactivated, or disabled as dormant). It gives back the access of their role, so
     * it takes what giving that role takes; their dormancy is counted afresh from now.
     *
     * @return the user, as they were before
     */
    StaffMember reactivate(Viewer viewer, UUID userId) {
        StaffMember member = reachable(viewer, userId, "user.enable");
        if (!RoleGrants.mayGive(viewer, member.permissions())) {
            record(viewer, member.tenantId(), "user.enable", member.actor(), AuditEvent.DENIED);
            throw Refused.forbidden("users.error.moreThanYours");
        }
        if (!member.enabled()) {
            accounts.enable(member.username(), clock.instant());
            record(viewer, member.tenantId(), "user.enable", member.actor(), AuditEvent.OK);
        }
        return member;
    }

    List<Assignment> assignments(Viewer viewer) {
        requirePlatformAdministration(viewer, "assignment.list");
        return assignments.all();
    }

    /** Platform users who could be assigned: enabled ones. */
    List<StaffMember> assignable(Viewer viewer) {
        requirePlatformAdministration(viewer, "assignment.list");
        return directory.in(null).stream().filter(StaffMember::enabled).toList();
    }

    void assign(Viewer viewer, UUID userId, UUID tenantId) {
        requirePlatformAdministration(viewer, "assignment.create");
        StaffMember member = directory.find(userId).filter(StaffMember::platform).orElse(null);
        if (member == null || tenants.name(tenantId).isEmpty()) {
            record(viewer, null, "assignment.create", "user:" + userId, AuditEvent.NOT_FOUND);
            throw Refused.notFound();
        }
        if (!member.enabled()) {
            record(viewer, tenantId, "assignment.create", member.actor(), AuditEvent.DENIED);
            throw Refused.invalid("assignments.error.disabled");
        }
        assignments.add(member.id(), tenantId, viewer.actor());
        // in the tenant's own log: its administrators see who was given access to their data
        record(viewer, tenantId, "assignment.create", member.actor(), AuditEvent.OK);
    }

    void unassign(Viewer viewer, UUID userId, UUID tenantId) {
        requirePlatformAdministration(viewer, "assignment.remove");
        Optional<StaffMember> member = directory.find(userId).filter(StaffMember::platform);
        if (member.isEmpty() || !assignments.remove(userId, tenantId)) {
            record(viewer, null, "assignment.remove", "user:" + userId, AuditEvent.NOT_FOUND);
            throw Refused.notFound();
        }
        record(viewer, tenantId, "assignment.remove", member.get().actor(), AuditEvent.OK);
    }

    /** The user, when the viewer manages users where the user belongs; otherwise 404, as for no such user. */
    private StaffMember reachable(Viewer viewer, UUID userId, String action) {
        Optional<StaffMember> member = directory.find(userId);
        if (member.isEmpty()) {
            record(viewer, null, action, "user:" + userId, AuditEvent.NOT_FOUND);
            throw Refused.notFound();
        }
        if (!new AdminScope(member.get().tenantId()).allows(viewer, USERS_MANAGE)) {
            record(viewer, member.get().tenantId(), action, member.get().actor(), AuditEvent.DENIED);
            throw Refused.notFound();
        }
        return member.get();
    }

    private void requirePlatformAdministration(Viewer viewer, String action) {
        if (!viewer.mayOnPlatform(USERS_MANAGE)) {
            record(viewer, null, action, "platform", AuditEvent.DENIED);
            throw Refused.forbidden("error.forbidden.text");
        }
    }

    private void record(Viewer viewer, UUID tenantId, String action, String target, String result) {
        audit.record(new AuditEvent(viewer.actor(), tenantId, action, target, viewer.sourceAddress(), result));
    }
}
