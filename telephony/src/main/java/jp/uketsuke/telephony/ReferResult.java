package jp.uketsuke.telephony;

/** How a blind transfer ({@link Call#referTo}) ended. */
public sealed interface ReferResult {

    /** The caller's side reached the target (a 2xx in its NOTIFY); our leg has been hung up. */
    record Transferred(int status) implements ReferResult {
    }

    /**
     * The call is still ours: the REFER was refused, the caller's attempt failed, or nothing final came in time.
     *
     * @param status the REFER's error response or the failure in the NOTIFY; 0 when there was none
     * @param reason safe to log
     */
    record NotTransferred(int status, String reason) implements ReferResult {
    }
}
