package jp.uketsuke.notify;

import java.time.Duration;
import java.util.Optional;

/**
 * A receiver did not take a notice. The message is ours (status code, what kind of failure), never the receiver's
 * response body, which could echo what we sent.
 */
public class DeliveryFailure extends Exception {

    private final boolean retryable;
    private final Duration retryAfter;

    private DeliveryFailure(String message, boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** A time-out, a 5xx, a 429, a refused connection: trying again later may work. */
    public static DeliveryFailure temporary(String message, Duration retryAfter, Throwable cause) {
        return new DeliveryFailure(message, true, retryAfter, cause);
    }

    /** A revoked token, a 4xx, a TLS certificate that does not verify: trying again will not help until someone acts. */
    public static DeliveryFailure permanent(String message, Throwable cause) {
        return new DeliveryFailure(message, false, null, cause);
    }

    public boolean retryable() {
        return retryable;
    }

    /** What the receiver asked for (Retry-After), if it did. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
