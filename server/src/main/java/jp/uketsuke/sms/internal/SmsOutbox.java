package jp.uketsuke.sms.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import jp.uketsuke.voicebot.CallFacts;
import jp.uketsuke.voicebot.TextDestination;
import jp.uketsuke.voicebot.TextMessaging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a call's text message into the outbox and returns at once; {@link OutboxWorker} sends it. Refuses — and
 * records the refusal on the call, so it is never silent — a number that opted out, a tenant beyond its rate or
 * monthly limit, and everything while no provider is configured.
 */
final class SmsOutbox implements TextMessaging {

    private static final Logger log = LoggerFactory.getLogger(SmsOutbox.class);
    /** Months are counted as the tenants' invoices count them. */
    private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
    static final int MAX_BODY = 670; // ten segments of Japanese text (UCS-2, 67 characters each)

    private final TextMessageRows rows;
    private final SmsProperties.Limits limits;
    private final boolean configured;
    private final Runnable wake;
    private final Clock clock;
    /** One decision at a time per tenant, so two calls cannot both take the last message of a limit. */
    private final Map<UUID, Object> tenantLocks = new ConcurrentHashMap<>();

    SmsOutbox(TextMessageRows rows, SmsProperties.Limits limits, boolean configured, Runnable wake, Clock clock) {
        this.rows = rows;
        this.limits = limits;
        this.configured = configured;
        this.wake = wake;
        this.clock = clock;
    }

    @Override
    public Queued send(CallFacts facts, String destination, String text) {
        if (TextDestination.of(destination) != TextDestination.MOBILE) {
            return new Queued(false, "not a mobile number"); // the node checks first; nothing worth recording
        }
        if (text == null || text.isBlank() || text.length() > MAX_BODY) {
            return new Queued(false, "the message is empty or longer than " + MAX_BODY + " characters");
        }
        try {
            synchronized (tenantLocks.computeIfAbsent(facts.tenantId(), t -> new Object())) {
                String refusal = refusal(facts.tenantId(), destination);
                Instant now = clock.instant();
                if (refusal != null) {
                    rows.insert(facts.tenantId(), facts.callId(), destination, text, TextMessageRows.REFUSED, refusal,
                            now);
                    log.info("Text message of call {} refused: {}", facts.callId(), refusal);
                    return new Queued(false, refusal);
                }
                rows.insert(facts.tenantId(), facts.callId(), destination, text, TextMessageRows.QUEUED, null, now);
            }
        } catch (RuntimeException e) {
            // the database or the tenant's keys failing must not end the call: the caller is told it was not sent
            log.error("Could not queue a text message of call {}", facts.callId(), e);
            return new Queued(false, "could not be queued");
        }
        wake.run();
        return new Queued(true, null);
    }

    private String refusal(UUID tenant, String destination) {
        if (!configured) {
            return "text messages are not configured";
        }
        if (rows.optedOut(tenant, destination)) {
            return "the number has opted out of text messages";
        }
        SmsProperties.Limit limit = limits.of(tenant);
        Instant now = clock.instant();
        if (rows.countSince(tenant, now.minus(Duration.ofMinutes(1))) >= limit.perMinute()) {
            return "rate limit reached (" + limit.perMinute() + " messages a minute)";
        }
        Instant monthStart = ZonedDateTime.ofInstant(now, JAPAN).withDayOfMonth(1).toLocalDate().atStartOfDay(JAPAN)
                .toInstant();
        if (rows.countSince(tenant, monthStart) >= limit.perMonth()) {
            return "monthly limit reached (" + limit.perMonth() + " messages)";
        }
        return null;
    }
}
