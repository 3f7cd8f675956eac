package jp.uketsuke.identity;

import java.util.Optional;
import java.util.UUID;

/**
 * Containment of a user account during a security incident (S10), for the incidents module: who may ask is that
 * module's check ({@code incidents:manage} in the account's tenant); these methods only act. Each takes effect on the
 * account's very next request, as {@link Viewer} is built afresh for every request.
 */
public interface AccountContainment {

    /** An account as containment sees it; {@code tenantId} is null for a platform user. */
    record Account(String username, UUID tenantId, boolean enabled) {
    }

    Optional<Account> account(String username);

    /** Disables the account and ends its console sessions; false when there is no such account. */
    boolean suspend(String username);

    /** Enables a suspended account again (undoing {@link #suspend}); false when it was not disabled. */
    boolean reinstate(String username);

    /** Ends every console session of the account; how many were open. The account stays enabled. */
    int endSessions(String username);
}
