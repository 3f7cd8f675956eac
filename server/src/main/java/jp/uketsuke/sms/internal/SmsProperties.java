package jp.uketsuke.sms.internal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Text messages (F6): the provider, its account, limits and retries. Without a provider ({@code none}, the default)
 * an sms node's message is refused with that reason, visible on the call, and the call goes on.
 *
 * @param provider     {@code twilio} or {@code none}
 * @param pollInterval how often the outbox looks for messages due (it is also woken when one is queued)
 * @param sendingLease a message claimed this long ago and still "sending" was left by a stopped node: queued again
 */
@ConfigurationProperties("uketsuke.sms")
record SmsProperties(String provider, Twilio twilio, Limits limits, Retry retry, Duration pollInterval,
                     Duration sendingLease) {

    SmsProperties {
        provider = provider == null || provider.isBlank() ? "none" : provider.strip().toLowerCase(java.util.Locale.ROOT);
        if (!provider.equals("none") && !provider.equals("twilio")) {
            throw new IllegalArgumentException("uketsuke.sms.provider is twilio or none, not " + provider);
        }
        twilio = twilio == null ? new Twilio(null, null, null, null, null, null, null, null, null) : twilio;
        limits = limits == null ? new Limits(0, 0, null) : limits;
        retry = retry == null ? new Retry(0, null, null) : retry;
        pollInterval = pollInterval == null ? Duration.ofSeconds(2) : pollInterval;
        sendingLease = sendingLease == null ? Duration.ofMinutes(2) : sendingLease;
    }

    /**
     * @param webhookBaseUrl this installation's public https address as Twilio reaches it (signatures cover the
     *                       whole URL); set, status reports are asked for and the webhooks accept requests
     * @param trustStore     a PKCS#12 trust store for the provider's certificate; unset: the system's trust
     */
    record Twilio(URI baseUrl, String accountSid, String authToken, String from, String messagingServiceSid,
                  String webhookBaseUrl, Path trustStore, String trustStorePassword, Duration timeout) {

        Twilio {
            baseUrl = baseUrl == null ? URI.create("https://api.twilio.com") : baseUrl;
            webhookBaseUrl = webhookBaseUrl == null || webhookBaseUrl.isBlank() ? null
                    : webhookBaseUrl.strip().replaceAll("/+$", "");
            if (webhookBaseUrl != null && !webhookBaseUrl.startsWith("https://")) {
                throw new IllegalArgumentException("uketsuke.sms.twilio.webhook-base-url must be https");
            }
        }

        @Override
        public String toString() {
            return "Twilio(" + baseUrl + ", " + accountSid + ")"; // never the token
        }
    }

    /**
     * Messages a tenant may send: per minute and per calendar month (Japan time). {@code tenants} overrides them
     * per tenant id.
     */
    record Limits(int perMinute, int perMonth, Map<UUID, Limit> tenants) {

        Limits {
            perMinute = perMinute <= 0 ? 10 : perMinute;
            perMonth = perMonth <= 0 ? 1000 : perMonth;
            tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
        }

        Limit of(UUID tenant) {
            Limit own = tenants.get(tenant);
            return new Limit(own == null || own.perMinute() <= 0 ? perMinute : own.perMinute(),
                    own == null || own.perMonth() <= 0 ? perMonth : own.perMonth());
        }
    }

    record Limit(int perMinute, int perMonth) {
    }

    /** Tries per message, and the back-off between them: doubling from {@code firstDelay} up to {@code maxDelay}. */
    record Retry(int maxAttempts, Duration firstDelay, Duration maxDelay) {

        Retry {
            maxAttempts = maxAttempts <= 0 ? 5 : maxAttempts;
            firstDelay = firstDelay == null ? Duration.ofSeconds(30) : firstDelay;
            maxDelay = maxDelay == null ? Duration.ofMinutes(30) : maxDelay;
        }
    }
}
