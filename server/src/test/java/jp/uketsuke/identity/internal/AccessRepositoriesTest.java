package jp.uketsuke.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.config.Database;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** What a user may do, as read from users, custom roles and assignments, on both databases. */
@ParameterizedClass
@EnumSource(Database.class)
class AccessRepositoriesTest {

    @Parameter
    Database database;
    @TempDir
    Path dataDir;
    DataFixture data;
    UserAccounts accounts;
    StaffDirectory directory;
    Assignments assignments;
    CustomRoles roles;
    AccessLookup lookup;
    final UUID tenant = UUID.randomUUID();
    final UUID other = UUID.randomUUID();

    @BeforeEach
    void start() {
        data = DataFixture.start(database, dataDir);
        accounts = new UserAccounts(data.jdbc);
        directory = new StaffDirectory(data.jdbc);
        assignments = new Assignments(data.jdbc, data.clock);
        roles = new CustomRoles(data.jdbc, data.clock);
        lookup = new AccessLookup(directory, assignments, new TrainingGate(new SecurityPolicies(data.jdbc, data.clock),
                new TrainingRecords(data.jdbc, data.clock), data.clock));
    }

    @AfterEach
    void stop() throws Exception {
        data.close();
    }

    @Test
    void aTenantUserHoldsTheirRolesPermissionsInTheirTenantOnly() {
        UserAccount member = user("member", tenant, Role.TENANT_MEMBER);

        Access access = lookup.of(member);

        assertThat(access.permissions()).isEqualTo(Role.TENANT_MEMBER.permissions());
        assertThat(access.tenants()).containsExactly(tenant);
        assertThat(access.platform()).isFalse();
        assertThat(access.managesAccess()).isFalse();
    }

    @Test
    void aCustomRoleReplacesTheBuiltInOneAndItsEditsActAtOnce() {
        UserAccount member = user("member", tenant, Role.TENANT_MEMBER);
        UUID role = roles.create(tenant, "受付", Set.of(Permissions.CALLS_READ, Permissions.USERS_MANAGE), "user:admin").orElseThrow();
        directory.giveRole(member.id(), StaffDirectory.TENANT_BASE, role);

        assertThat(lookup.of(member).permissions()).containsExactlyInAnyOrder(Permissions.CALLS_READ, Permissions.USERS_MANAGE);
        assertThat(lookup.of(member).managesAccess()).isTrue();
        roles.update(role, Set.of(Permissions.RECORDINGS_PLAY));
        assertThat(lookup.of(member).permissions()).containsExactly(Permissions.RECORDINGS_PLAY);
        assertThat(directory.find(member.id()).orElseThrow().customRoleName()).isEqualTo("受付");
    }

    @Test
    void aCustomRoleOfAnotherScopeGrantsNothing() {
        UserAccount member = user("member", tenant, Role.TENANT_MEMBER);
        UUID theirs = roles.create(other, "よそ", Set.of(Permissions.CALLS_READ), "user:x").orElseThrow();
        UUID platform = roles.create(null, "夜間", Set.of(Permissions.CALLS_READ), "user:x").orElseThrow();

        directory.giveRole(member.id(), StaffDirectory.TENANT_BASE, theirs);
        assertThat(lookup.of(member).permissions()).isEmpty();
        directory.giveRole(member.id(), StaffDirectory.TENANT_BASE, platform);
        assertThat(lookup.of(member).permissions()).isEmpty();
    }

    @Test
    void aPlatformUserReachesExactlyTheAssignedTenants() {
        UserAccount operator = user("operator", null, Role.OPERATOR);
        assertThat(lookup.of(operator).tenants()).isEmpty();

        assertThat(assignments.add(operator.id(), tenant, "user:admin")).isTrue();
        assertThat(assignments.add(operator.id(), tenant, "user:admin")).as("once").isFalse();
        assignments.add(operator.id(), other, "user:admin");
        assertThat(lookup.of(operator).tenants()).containsExactlyInAnyOrder(tenant, other);
        assertThat(lookup.of(operator).platform()).isTrue();
        assertThat(assignments.all()).extracting(Assignments.Assignment::username).containsOnly("operator");

        assertThat(assignments.remove(operator.id(), other)).isTrue();
        assertThat(assignments.remove(operator.id(), other)).isFalse();
        assertThat(lookup.of(operator).tenants()).containsExactly(tenant);
    }

    @Test
    void roleNamesAreUniquePerScopeAndARoleInUseIsKept() {
        assertThat(roles.create(tenant, "受付", Set.of(Permissions.CALLS_READ), "a")).isPresent();
        assertThat(roles.create(tenant, "受付", Set.of(Permissions.CALLS_READ), "a")).isEmpty();
        assertThat(roles.create(other, "受付", Set.of(Permissions.CALLS_READ), "a")).isPresent();
        assertThat(roles.create(null, "受付", Set.of(Permissions.CALLS_READ), "a")).isPresent();
        assertThat(roles.create(null, "受付", Set.of(Permissions.CALLS_READ), "a")).isEmpty();
        UUID role = roles.in(tenant).getFirst().id();
        UserAccount member = user("member", tenant, Role.TENANT_MEMBER);
        directory.giveRole(member.id(), StaffDirectory.TENANT_BASE, role);

        assertThat(roles.deleteUnused(role)).isFalse();
        assertThat(roles.find(role).orElseThrow().holders()).isEqualTo(1);
        directory.giveRole(member.id(), Role.TENANT_MEMBER, null);
        assertThat(roles.deleteUnused(role)).isTrue();
        assertThat(roles.find(role)).isEmpty();
    }

    @Test
    void theDirectoryListsATenantsOrThePlatformsUsers() {
        user("member", tenant, Role.TENANT_MEMBER);
        user("stranger", other, Role.TENANT_ADMIN);
        user("operator", null, Role.OPERATOR);

        assertThat(directory.in(tenant)).extracting(StaffDirectory.StaffMember::username).containsExactly("member");
        assertThat(directory.in(null)).extracting(StaffDirectory.StaffMember::username).containsExactly("operator");
        assertThat(directory.in(tenant).getFirst().mfaEnrolled()).isFalse();
        assertThat(directory.find(UUID.randomUUID())).isEmpty();
    }

    private UserAccount user(String name, UUID tenantId, Role role) {
        UserAccount account = new UserAccount(UUID.randomUUID(), name, "not-a-hash", tenantId, role, false, true,
                data.clock.instant(), null);
        accounts.insert(account);
        return account;
    }
}
