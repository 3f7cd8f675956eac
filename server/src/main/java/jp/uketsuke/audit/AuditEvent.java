package jp.uketsuke.audit;

import java.util.Objects;
import java.util.UUID;

/**
 * One entry of the operation log: who did what to which thing, from where, with what result.
 * Never carries personal data itself: targets are ids, not numbers or names.
 *
 * @param tenantId null for platform-level events
 */
public record AuditEvent(String actor, UUID tenantId, String action, String target, String sourceAddress,
                         String result) {

    /** Common values of {@code result}. */
    public static final String OK = "ok";
    public static final String DENIED = "denied";
    public static final String NOT_FOUND = "not_found";
    public static final String ERROR = "error";

    public AuditEvent {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(result, "result");
    }
}
