package jp.uketsuke.voicebot;

import java.util.UUID;

/**
 * What the engine knows of a call before it starts.
 *
 * @param callerNumber the caller's number as normalised by tenancy, or null when withheld (非通知); a claim, never
 *                     proof of who is calling (S4)
 * @param dialedNumber the tenant's number the caller dialled
 * @param callId       the call's record, or null in the simulator, which writes none
 */
public record CallFacts(UUID tenantId, String callerNumber, String dialedNumber, UUID callId) {

    /** A call with no record: the simulator's. */
    public CallFacts(UUID tenantId, String callerNumber, String dialedNumber) {
        this(tenantId, callerNumber, dialedNumber, null);
    }
}
