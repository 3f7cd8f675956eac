package jp.uketsuke.phones;

import java.time.Instant;
import java.util.UUID;

/**
 * A staff phone as listed: nothing secret.
 *
 * @param username      the digest (and SIP) username the phone registers with, e.g. "201-k3v9q2"
 * @param passwordSetAt when its current password was generated
 */
public record StaffPhone(UUID tenantId, String extension, String username, Instant createdAt, Instant passwordSetAt) {
}
