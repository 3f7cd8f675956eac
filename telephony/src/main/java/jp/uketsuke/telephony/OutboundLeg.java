package jp.uketsuke.telephony;

import java.time.Duration;

/**
 * An outbound call being placed (see {@link Call#dial}): it rings until the callee answers, refuses, or the ring
 * timeout passes, when it is cancelled. Thread-safe.
 */
public interface OutboundLeg {

    /** Waits up to {@code timeout} for how the attempt ended; null while it is still ringing. */
    DialOutcome await(Duration timeout) throws InterruptedException;

    /** Gives up: CANCEL while ringing (outcome {@link DialOutcome.Cancelled}), BYE once answered. */
    void cancel();
}
