package jp.uketsuke.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import jp.uketsuke.web.CsvCells;

/**
 * The access review of one scope (a tenant, or the platform's own users) as a reviewer reads it (S3): every user with
 * their role (built-in or custom, with its permissions), assignments, second factor, last sign-in, state and security
 * training; for a tenant also the platform users assigned to it and the tenant's API keys.
 *
 * <p>Its CSV text is the report's canonical form: the download is exactly these bytes after a byte-order mark, and a
 * sign-off records their SHA-256, so that anyone can later check which content a reviewer approved. It holds nothing
 * that changes by itself (no time of writing), only what changes with access: a sign-in, a key's use, a role.
 *
 * @param scopeName the tenant's name; blank for the platform
 */
record AccessReviewReport(AdminScope scope, String scopeName, List<Person> users, List<Person> assigned, List<Key> keys) {

    static final List<String> HEADER = List.of("section", "name", "role", "role_type", "permissions", "assignments",
            "mfa", "last_login", "state", "training_valid_until", "expires_at", "last_used_at");

    AccessReviewReport {
        users = List.copyOf(users);
        assigned = List.copyOf(assigned);
        keys = List.copyOf(keys);
    }

    /**
     * A user.
     *
     * @param role        the built-in role's name ({@code TENANT_ADMIN}) or the custom role's own name
     * @param permissions what the role grants, in the documentation's order
     * @param assignments a platform user's assignments: in a platform review all of them, in a tenant review the one
     *                    to that tenant
     */
    record Person(String username, String role, boolean builtInRole, List<String> permissions,
                  List<Assignment> assignments, boolean mfaEnrolled, Instant lastLogin, boolean enabled,
                  Training training) {
    }

    record Assignment(String tenantName, String assignedBy, Instant assignedAt) {

        String text() {
            return tenantName + " (" + assignedBy + ", " + ConsoleTime.format(assignedAt) + ")";
        }
    }

    /**
     * A user's latest security training.
     *
     * @param validUntil the last day of the latest training; null when there is none
     * @param current    whether it is still valid today
     */
    record Training(LocalDate validUntil, boolean current) {

        static final Training NONE = new Training(null, false);

        /** A date for a current training, {@code expired:<date>} for a lapsed one, {@code none}. */
        String text() {
            return validUntil == null ? "none" : current ? validUntil.toString() : "expired:" + validUntil;
        }
    }

    /** @param state {@code active}, {@code expired} or {@code revoked} */
    record Key(String prefix, List<String> permissions, Instant expiresAt, Instant lastUsedAt, String state) {
    }

    /** The report as CSV (without the byte-order mark the download puts in front). */
    String csv() {
        StringBuilder csv = new StringBuilder(CsvCells.row(HEADER));
        users.forEach(p -> csv.append(CsvCells.row(line("user", p))));
        assigned.forEach(p -> csv.append(CsvCells.row(line("assigned_platform_user", p))));
        for (Key k : keys) {
            csv.append(CsvCells.row(List.of("api_key", "uk_" + k.prefix(), "", "", String.join(" ", k.permissions()), "",
                    "", "", k.state(), "", ConsoleTime.format(k.expiresAt()), ConsoleTime.format(k.lastUsedAt()))));
        }
        return csv.toString();
    }

    /** SHA-256 of {@link #csv()} in UTF-8, in lower-case hex. */
    String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(csv().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> line(String section, Person p) {
        return List.of(section, p.username(), p.role(), p.builtInRole() ? "built-in" : "custom",
                String.join(" ", p.permissions()),
                p.assignments().stream().map(Assignment::text).collect(Collectors.joining("; ")),
                p.mfaEnrolled() ? "enrolled" : "none", ConsoleTime.format(p.lastLogin()), p.enabled() ? "enabled" : "disabled",
                p.training().text(), "", "");
    }
}
