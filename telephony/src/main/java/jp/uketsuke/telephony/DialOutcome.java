package jp.uketsuke.telephony;

/** How an outbound leg's attempt ended. */
public sealed interface DialOutcome {

    /** The callee answered with usable media; {@code call} is the leg (play to it, hear it, bridge it). */
    record Answered(Call call) implements DialOutcome {
    }

    /** A final 3xx-6xx response, e.g. 486 busy, 404, 603 declined, or 401/407 when our credentials failed. */
    record Rejected(int status, String reason) implements DialOutcome {
    }

    /** Nobody answered within the ring timeout; the attempt was cancelled. */
    record NoAnswer() implements DialOutcome {
    }

    /** The application cancelled the attempt before an answer. */
    record Cancelled() implements DialOutcome {
    }

    /**
     * The attempt could not be completed: no response, a transport error, or an answer without usable media (that
     * leg was acknowledged and hung up at once). {@code reason} is safe to log.
     */
    record Failed(String reason) implements DialOutcome {
    }
}
