package jp.uketsuke.notify.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Notifications (F8): where links point, how deliveries are retried, how long a verification code lives.
 *
 * @param consoleUrl       the console's public address for links in notices; empty: {@code uketsuke.identity.console-url},
 *                         else https://localhost:&lt;server.port&gt;
 * @param pollInterval     how often the outbox looks for due deliveries and unevaluated calls (it is also woken)
 * @param lease            how long a node holds a delivery it is sending; a longer one was left by a stopped node
 * @param maxAttempts      attempts of one delivery before it is dead-lettered
 * @param firstDelay       the first back-off; doubled per attempt, with jitter, up to {@code maxDelay}
 * @param perMinute        deliveries to one destination a minute at most; more wait
 * @param summaryWait      how long a closed call waits for its summary before its notices are queued without it
 * @param catchUpWindow    calls closed longer ago than this are not notified any more (first start, long outage)
 * @param codeValidity     how long a verification code may be entered
 * @param codeAttempts     wrong entries of one code before a new one must be sent
 * @param mailFrom         the sender of notification e-mails
 * @param tenantMailFrom   a tenant's own sender, by tenant id
 */
@ConfigurationProperties("uketsuke.notify")
record NotifyProperties(URI consoleUrl, Duration pollInterval, Duration lease, Integer maxAttempts, Duration firstDelay,
                        Duration maxDelay, Integer perMinute, Duration summaryWait, Duration catchUpWindow,
                        Duration codeValidity, Integer codeAttempts, String mailFrom, Map<UUID, String> tenantMailFrom) {

    NotifyProperties {
        consoleUrl = consoleUrl == null || consoleUrl.toString().isBlank() ? null : consoleUrl;
        if (consoleUrl != null && !"https".equals(consoleUrl.getScheme())) {
            throw new IllegalArgumentException("uketsuke.notify.console-url must be an https URL");
        }
        pollInterval = pollInterval == null ? Duration.ofSeconds(2) : pollInterval;
        lease = lease == null ? Duration.ofMinutes(2) : lease;
        maxAttempts = maxAttempts == null ? 8 : Math.clamp(maxAttempts, 1, 50);
        firstDelay = firstDelay == null ? Duration.ofSeconds(10) : firstDelay;
        maxDelay = maxDelay == null ? Duration.ofHours(1) : maxDelay;
        perMinute = perMinute == null ? 30 : Math.clamp(perMinute, 1, 10_000);
        summaryWait = summaryWait == null ? Duration.ofSeconds(30) : summaryWait;
        catchUpWindow = catchUpWindow == null ? Duration.ofHours(24) : catchUpWindow;
        codeValidity = codeValidity == null ? Duration.ofMinutes(30) : codeValidity;
        codeAttempts = codeAttempts == null ? 5 : Math.clamp(codeAttempts, 1, 20);
        mailFrom = mailFrom == null || mailFrom.isBlank() ? "uketsuke@localhost" : mailFrom.strip();
        tenantMailFrom = tenantMailFrom == null ? Map.of() : Map.copyOf(tenantMailFrom);
    }

    String senderOf(UUID tenantId) {
        return tenantMailFrom.getOrDefault(tenantId, mailFrom);
    }
}
