package jp.uketsuke.identity;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Creating the people and keys that may use the console and API. Secrets are returned once and never stored. */
public interface IdentityAdmin {

    /** The user name of the first platform administrator. */
    String PLATFORM_ADMIN = "admin";

    /**
     * On the very first start: creates user {@value #PLATFORM_ADMIN} with a random one-time password, prints it once
     * to the terminal (never to the log) and returns it. Does nothing and returns empty when the user exists.
     */
    Optional<String> createPlatformAdminIfMissing();

    /**
     * Creates a user of the tenant with a generated one-time password, which must be changed at first login.
     *
     * @return the one-time password, to hand to the user
     * @throws IllegalArgumentException for a taken or malformed user name, or a platform role
     */
    String createTenantUser(UUID tenantId, String username, Role role);

    /**
     * Creates a platform user (operator, supervisor, security officer …) with a generated one-time password. They see
     * no tenant's data until {@linkplain #assign assigned} to it.
     *
     * @throws IllegalArgumentException for a taken or malformed user name, or a tenant role
     */
    String createPlatformUser(String username, Role role);

    /**
     * Lets a platform user see a tenant's data (S3), on behalf of the installation (set-up, scripts); administrators
     * do it in the console. Does nothing when the assignment exists.
     *
     * @throws IllegalArgumentException when there is no such platform user
     */
    void assign(String username, UUID tenantId);

    /**
     * Creates an API key for the tenant.
     *
     * @param permissions a subset of {@link Permissions#GRANTABLE_TO_API_KEYS}
     * @param expiresAt   null for no expiry
     * @return the key, {@code uk_<prefix>_<secret>}; only its hash is kept
     */
    String createApiKey(UUID tenantId, Set<String> permissions, Instant expiresAt);

    /** Revokes a key at once, by its prefix (the part between "uk_" and the second "_"). */
    void revokeApiKey(String prefix);

    /**
     * Gives an existing user a new one-time password (for a forgotten password), to be changed at next login.
     *
     * @throws IllegalArgumentException when there is no such user
     */
    String resetPassword(String username);

    /**
     * Removes a user's second factor and recovery codes (a lost phone). A user for whom MFA is required must enrol again
     * before doing anything else.
     *
     * @throws IllegalArgumentException when there is no such user
     */
    void resetMfa(String username);

    /** Disables a user at once; their open sessions are refused from the next request on. */
    void disableUser(String username);
}
