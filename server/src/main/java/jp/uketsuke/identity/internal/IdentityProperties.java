package jp.uketsuke.identity.internal;

import java.net.URI;
import java.time.Duration;
import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Account lifecycle settings.
 *
 * @param invitationLifetime   how long an invitation link works; default 72 hours
 * @param dormantAfter         a user who has not signed in for this long (counted from creation when never) is
 *                             disabled; default 90 days; zero switches the check off
 * @param dormantCheckInterval how often the dormant-account check runs; default one hour
 * @param consoleUrl           the console's public address, put into invitation links (e.g.
 *                             {@code https://uketsuke.example.jp}); default: the address the inviting administrator
 *                             used
 * @param mailFrom             the sender of mails; default {@code uketsuke@localhost}
 * @param accessReviewInterval how often each tenant's and the platform's access is to be reviewed; default quarterly
 *                             (three months), counted from the last sign-off (or from the scope's first user)
 * @param accessReviewCheckInterval how often overdue reviews are looked for and reminded of; default one hour
 */
@ConfigurationProperties("uketsuke.identity")
record IdentityProperties(Duration invitationLifetime, Duration dormantAfter, Duration dormantCheckInterval,
                          URI consoleUrl, String mailFrom, Period accessReviewInterval,
                          Duration accessReviewCheckInterval) {

    IdentityProperties {
        if (invitationLifetime == null) {
            invitationLifetime = Duration.ofHours(72);
        }
        if (invitationLifetime.isNegative() || invitationLifetime.isZero()) {
            throw new IllegalArgumentException("uketsuke.identity.invitation-lifetime must be positive");
        }
        if (dormantAfter == null) {
            dormantAfter = Duration.ofDays(90);
        }
        if (dormantAfter.isNegative()) {
            throw new IllegalArgumentException("uketsuke.identity.dormant-after must not be negative");
        }
        if (dormantCheckInterval == null || dormantCheckInterval.isZero() || dormantCheckInterval.isNegative()) {
            dormantCheckInterval = Duration.ofHours(1);
        }
        if (consoleUrl != null && consoleUrl.toString().isBlank()) {
            consoleUrl = null;
        }
        // links to sign-in pages must never travel in the clear
        if (consoleUrl != null && (!"https".equalsIgnoreCase(consoleUrl.getScheme()) || consoleUrl.getHost() == null)) {
            throw new IllegalArgumentException("uketsuke.identity.console-url must be an https:// address");
        }
        if (mailFrom == null || mailFrom.isBlank()) {
            mailFrom = "uketsuke@localhost";
        }
        if (accessReviewInterval == null) {
            accessReviewInterval = Period.ofMonths(3);
        }
        if (accessReviewInterval.isNegative() || accessReviewInterval.isZero()) {
            throw new IllegalArgumentException("uketsuke.identity.access-review-interval must be positive, e.g. 3m or 90d");
        }
        if (accessReviewCheckInterval == null || accessReviewCheckInterval.isZero() || accessReviewCheckInterval.isNegative()) {
            accessReviewCheckInterval = Duration.ofHours(1);
        }
    }

    boolean dormantCheckOn() {
        return !dormantAfter.isZero();
    }
}
