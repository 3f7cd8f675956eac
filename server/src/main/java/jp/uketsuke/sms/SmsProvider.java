package jp.uketsuke.sms;

import java.time.Duration;

/**
 * A service that delivers text messages (SMS) to phones, spoken to over its own HTTP API. One call sends one
 * message and says what became of it; retrying is the outbox's business, not the provider's.
 */
public interface SmsProvider {

    /**
     * @param destination the phone's number in E.164 form ({@code +8190…})
     * @param body        the text as the caller will read it
     */
    Outcome send(String destination, String body);

    /** What the provider answered. Reasons are codes and the provider's words, never the number or the text. */
    sealed interface Outcome {

        /** Taken for delivery; {@code messageId} is the provider's id (delivery reports name it). */
        record Accepted(String messageId, String providerStatus) implements Outcome {
        }

        /** Not now (rate limited, provider down, no answer): worth another try, not before {@code notBefore}. */
        record TryAgain(String reason, Duration notBefore) implements Outcome {
        }

        /** Never (bad number, account problem); {@code optedOut} when the recipient asked for no messages. */
        record Refused(String reason, boolean optedOut) implements Outcome {
        }
    }
}
