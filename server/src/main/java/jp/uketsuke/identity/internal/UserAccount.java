package jp.uketsuke.identity.internal;

import java.time.Instant;
import java.util.UUID;
import jp.uketsuke.identity.Role;

/** A row of {@code users}. {@code tenantId} is null for platform users. */
record UserAccount(UUID id, String username, String passwordHash, UUID tenantId, Role role,
                   boolean mustChangePassword, boolean enabled, Instant createdAt, Instant lastLoginAt) {

    @Override
    public String toString() {
        // keeps the hash out of any log line or exception message that prints the record
        return "UserAccount[" + id + ", " + role + "]";
    }
}
