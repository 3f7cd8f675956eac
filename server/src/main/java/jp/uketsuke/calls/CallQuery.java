package jp.uketsuke.calls;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What the call list asks for (F7), already checked: build it with {@link CallListRequest#toQuery}. Null filters are
 * left out; all given ones must hold.
 *
 * @param from     calls that started at or after this instant, or null
 * @param to       calls that started before this instant, or null
 * @param category a purpose category name ({@code jp.uketsuke.summary.PurposeCategory}), or null
 * @param blocked  whether sales calls (outcome BLOCKED) are shown with the others, hidden, or shown alone
 * @param assignee only calls this actor has, or null
 * @param caller   only calls from this normalised number ({@link jp.uketsuke.tenancy.PhoneNumbers}), or null;
 *                 found through the keyed index, never compared in plain
 * @param callerRef only calls from the number this reference stands for ({@link CallHistory#callerReference}), or
 *                 null; not with {@code caller}. A reference of another tenant finds nothing there.
 * @param after    the cursor this page continues from, or null for the first page
 * @param limit    rows per page
 */
public record CallQuery(UUID tenantId, Instant from, Instant to, CallStatus status, CallOutcome outcome, String category,
                        String tag, Blocked blocked, String assignee, String caller, String callerRef, CallCursor after,
                        int limit) {

    public static final int MAX_LIMIT = 200;

    public CallQuery {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(blocked, "blocked");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("A page holds 1 to " + MAX_LIMIT + " calls");
        }
        if (caller != null && callerRef != null) {
            throw new IllegalArgumentException("A caller by number or by reference, not both");
        }
    }

    /** It looks for one caller's calls: audited as a search. */
    public boolean searchesCaller() {
        return caller != null || callerRef != null;
    }

    /** All of the tenant's calls, newest first. */
    public static CallQuery all(UUID tenantId, int limit) {
        return new CallQuery(tenantId, null, null, null, null, null, null, Blocked.SHOWN, null, null, null, null, limit);
    }

    /** The same filters from the first page on: what a live list reloads when a call starts or ends. */
    public CallQuery firstPage() {
        return new CallQuery(tenantId, from, to, status, outcome, category, tag, blocked, assignee, caller, callerRef, null,
                limit);
    }

    /** Sales calls (outcome BLOCKED) in the list. */
    public enum Blocked {
        SHOWN,
        HIDDEN,
        ONLY
    }
}
