package jp.uketsuke.sms.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import jp.uketsuke.sms.SmsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the outbox holds: each due message is claimed (one conditional update, so no row is sent twice at
 * once), handed to the provider, and marked sent, queued again after a back-off (doubling, with jitter, never
 * sooner than the provider's Retry-After), or failed after the last attempt — with the reason on the call's record.
 * On start, messages a stopped node left "sending" are queued again, and queued ones are picked up.
 */
final class OutboxWorker {

    private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);
    private static final int BATCH = 20;

    private final TextMessageRows rows;
    private final SmsProvider provider;
    private final SmsProperties.Retry retry;
    private final Duration pollInterval;
    private final Duration sendingLease;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean wakeRequested;
    private Thread thread;

    OutboxWorker(TextMessageRows rows, SmsProvider provider, SmsProperties.Retry retry, Duration pollInterval,
                 Duration sendingLease, Clock clock) {
        this.rows = rows;
        this.provider = provider;
        this.retry = retry;
        this.pollInterval = pollInterval;
        this.sendingLease = sendingLease;
        this.clock = clock;
    }

    synchronized void start() {
        if (thread != null) {
            return;
        }
        int released = rows.releaseAbandoned(clock.instant().minus(sendingLease), clock.instant());
        if (released > 0) {
            log.warn("Queued {} text message(s) again that a stopped node left while sending", released);
        }
        thread = Thread.ofPlatform().name("sms-outbox").daemon().start(this::loop);
    }

    synchronized void stop() {
        if (thread != null) {
            thread.interrupt();
            thread = null;
        }
    }

    /** A message was queued: look now rather than at the next poll. */
    void wake() {
        lock.lock();
        try {
            wakeRequested = true;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                sendDue();
                lock.lock();
                try {
                    if (!wakeRequested) {
                        woken.awaitNanos(pollInterval.toNanos());
                    }
                    wakeRequested = false;
                } finally {
                    lock.unlock();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the database away for a moment: the rows wait, the worker tries again at the next poll
                log.error("Text message outbox failed; retrying at the next poll", e);
                try {
                    Thread.sleep(pollInterval);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** Sends every message due now; returns how many were handed to the provider. */
    int sendDue() {
        int handed = 0;
        for (UUID id : rows.due(clock.instant(), BATCH)) {
            var claimed = rows.claim(id, clock.instant());
            if (claimed.isPresent()) {
                send(claimed.get());
                handed++;
            }
        }
        return handed;
    }

    private void send(TextMessageRows.Claimed message) {
        SmsProvider.Outcome outcome;
        try {
            outcome = provider.send("+81" + message.destination().substring(1), message.body());
        } catch (RuntimeException e) {
            outcome = new SmsProvider.Outcome.TryAgain("provider client failed (" + e.getClass().getSimpleName() + ")",
                    Duration.ZERO);
        }
        Instant now = clock.instant();
        switch (outcome) {
            case SmsProvider.Outcome.Accepted accepted -> {
                rows.sent(message.id(), accepted.messageId(), now);
                log.info("Text message {} sent (attempt {})", message.id(), message.attempts());
            }
            case SmsProvider.Outcome.TryAgain again -> {
                if (message.attempts() >= retry.maxAttempts()) {
                    rows.finish(message.id(), TextMessageRows.FAILED, ProviderText.scrubbed("gave up after "
                            + message.attempts() + " attempts: " + again.reason()), now);
                    log.warn("Text message {} failed after {} attempts: {}", message.id(), message.attempts(),
                            ProviderText.scrubbed(again.reason()));
                } else {
                    Duration wait = backoff(message.attempts());
                    if (again.notBefore().compareTo(wait) > 0) {
                        wait = again.notBefore();
                    }
                    rows.retryAt(message.id(), ProviderText.scrubbed(again.reason()), now.plus(wait), now);
                    log.info("Text message {} will be tried again in {} s: {}", message.id(), wait.toSeconds(),
                            ProviderText.scrubbed(again.reason()));
                }
            }
            case SmsProvider.Outcome.Refused refused -> {
                if (refused.optedOut()) {
                    rows.optOut(message.tenantId(), message.destination(), "provider", now);
                }
                rows.finish(message.id(), refused.optedOut() ? TextMessageRows.REFUSED : TextMessageRows.FAILED,
                        ProviderText.scrubbed(refused.optedOut() ? "the number has opted out of text messages ("
                                + refused.reason() + ")" : refused.reason()), now);
                log.warn("Text message {} refused by the provider: {}", message.id(),
                        ProviderText.scrubbed(refused.reason()));
            }
        }
    }

    /** firstDelay × 2^(attempt-1), at most maxDelay, then a random part of its second half so retries spread out. */
    Duration backoff(int attempt) {
        long first = retry.firstDelay().toMillis();
        long max = retry.maxDelay().toMillis();
        long full = attempt >= 31 ? max : Math.min(max, first << Math.max(0, attempt - 1));
        return Duration.ofMillis(full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1));
    }
}
