package jp.uketsuke.identity.internal;

import jp.uketsuke.identity.Role;
import org.springframework.stereotype.Component;

/**
 * Who must sign in with a second factor (S4): every platform user and every tenant administrator always; the other
 * users of a tenant when the tenant's policy says "all users".
 */
@Component
class MfaPolicy {

    private final SecurityPolicies policies;

    MfaPolicy(SecurityPolicies policies) {
        this.policies = policies;
    }

    boolean requiredFor(UserAccount account) {
        return alwaysRequired(account.role())
                || policies.of(account.tenantId()).mfa() == SecurityPolicies.MfaRequirement.ALL;
    }

    static boolean alwaysRequired(Role role) {
        return role.platformWide() || role == Role.TENANT_ADMIN;
    }
}
