package jp.uketsuke.notify.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import jp.uketsuke.calls.CallCompleted;
import jp.uketsuke.notify.Channel;
import jp.uketsuke.notify.DeliveryFailure;
import jp.uketsuke.notify.Destination;
import jp.uketsuke.notify.Notice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

/**
 * Sends what the outbox holds, on its own threads (invariant 5: no call waits for a channel). Each round it evaluates
 * closed calls, puts back rows whose lease ran out, then claims due rows one conditional update at a time and sends
 * each on a virtual thread, so one slow receiver does not hold the others. A temporary failure is tried again after an
 * exponential back-off with jitter, never sooner than the receiver's Retry-After, until {@code maxAttempts}; a
 * permanent one is dead-lettered at once. Errors kept on the row are our own words, never the receiver's.
 */
final class DeliveryWorker {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final int BATCH = 20;
    /** The longest Retry-After honoured: a receiver cannot park a delivery for days. */
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(6);

    private final String workerId;
    private final DeliveryRows rows;
    private final DestinationRows destinations;
    private final Channels channels;
    private final NoticeRenderer renderer;
    private final CallEvaluator evaluator;
    private final NotifyProperties properties;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean wakeRequested;
    private Thread thread;

    DeliveryWorker(String workerId, DeliveryRows rows, DestinationRows destinations, Channels channels,
                   NoticeRenderer renderer, CallEvaluator evaluator, NotifyProperties properties, Clock clock) {
        this.workerId = workerId;
        this.rows = rows;
        this.destinations = destinations;
        this.channels = channels;
        this.renderer = renderer;
        this.evaluator = evaluator;
        this.properties = properties;
        this.clock = clock;
    }

    synchronized void start() {
        if (thread == null) {
            thread = Thread.ofPlatform().name("notify-outbox").daemon().start(this::loop);
        }
    }

    synchronized void stop() {
        if (thread != null) {
            thread.interrupt();
            thread = null;
        }
    }

    /**
     * A call's record closed: look now. Only a wake-up, never work on the call's thread; the call is found in the
     * database, so a lost event (a stop right after the close) costs at most one poll, at the next start.
     */
    @EventListener
    void callCompleted(CallCompleted completed) {
        wake();
    }

    /** Something was queued or a call closed: look now rather than at the next poll. */
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
                round();
                lock.lock();
                try {
                    if (!wakeRequested) {
                        woken.awaitNanos(properties.pollInterval().toNanos());
                    }
                    wakeRequested = false;
                } finally {
                    lock.unlock();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the database away for a moment: the rows wait; the class only, an exception could quote data
                log.error("Notification outbox failed ({}); retrying at the next poll", e.getClass().getSimpleName());
                try {
                    Thread.sleep(properties.pollInterval());
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** One round: evaluate closed calls, release expired leases, send what is due. Returns how many were sent. */
    int round() throws InterruptedException {
        evaluator.evaluateReady();
        int released = rows.releaseExpired(clock.instant());
        if (released > 0) {
            log.warn("{} notification(s) whose sender stopped are due again", released);
        }
        return sendDue();
    }

    int sendDue() throws InterruptedException {
        List<DeliveryRows.Delivery> claimed = new ArrayList<>();
        for (UUID id : rows.due(clock.instant(), BATCH)) {
            Optional<DeliveryRows.Delivery> delivery = claimIfAllowed(id);
            delivery.ifPresent(claimed::add);
        }
        if (claimed.isEmpty()) {
            return 0;
        }
        int sent = 0;
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (DeliveryRows.Delivery delivery : claimed) {
                results.add(senders.submit(() -> send(delivery)));
            }
            for (Future<Boolean> result : results) {
                try {
                    sent += result.get() ? 1 : 0;
                } catch (java.util.concurrent.ExecutionException e) {
                    log.error("Notification sender failed ({})", e.getCause().getClass().getSimpleName());
                }
            }
        }
        return sent;
    }

    /** Claims the row unless its destination has had its share this minute; then it waits without losing an attempt. */
    private Optional<DeliveryRows.Delivery> claimIfAllowed(UUID id) {
        Instant now = clock.instant();
        Optional<DeliveryRows.Delivery> row = rows.find(id);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        if (rows.sentSince(row.get().destinationId(), now.minus(Duration.ofMinutes(1))) >= properties.perMinute()) {
            rows.postpone(id, now.plusSeconds(10 + ThreadLocalRandom.current().nextInt(20)));
            return Optional.empty();
        }
        return rows.claim(id, workerId, now, now.plus(properties.lease()));
    }

    /** Sends one claimed delivery and records what happened; true when the receiver took it. */
    boolean send(DeliveryRows.Delivery delivery) {
        Optional<DestinationRows.Stored> found = destinations.find(delivery.tenantId(), delivery.destinationId());
        if (found.isEmpty()) {
            rows.dead(delivery.id(), workerId, "the destination was deleted", clock.instant());
            return false;
        }
        DestinationRows.Stored stored = found.get();
        boolean verification = delivery.kind() == DeliveryRows.EventKind.VERIFY;
        // S8: only a verification code may go to an unverified destination; nothing to a disabled one
        if (!stored.enabled() || (!verification && !stored.verified())) {
            rows.dead(delivery.id(), workerId, stored.enabled() ? "the destination is not verified"
                    : "the destination is disabled", clock.instant());
            return false;
        }
        Optional<Channel> channel = channels.of(stored.kind());
        if (channel.isEmpty()) {
            return failed(delivery, DeliveryFailure.temporary("no channel for " + stored.kind() + " on this server",
                    null, null));
        }
        try {
            Destination destination = destinations.open(stored);
            Optional<Notice> notice = switch (delivery.kind()) {
                case CALL -> renderer.call(delivery, stored.level());
                case VERIFY -> Optional.of(renderer.verification(delivery, rows.openPayload(delivery)));
                case TEST -> Optional.of(renderer.test(delivery));
                case ANNOUNCE -> Optional.of(renderer.announcement(delivery, rows.openPayload(delivery)));
            };
            if (notice.isEmpty()) {
                rows.dead(delivery.id(), workerId, "the call is no longer there", clock.instant());
                return false;
            }
            channel.get().send(destination, notice.get(), delivery.idempotencyKey());
        } catch (DeliveryFailure failure) {
            return failed(delivery, failure);
        } catch (RuntimeException e) {
            return failed(delivery, DeliveryFailure.temporary("could not send (" + e.getClass().getSimpleName() + ")",
                    null, null));
        }
        if (!rows.sent(delivery.id(), workerId, clock.instant())) {
            log.warn("Notification {} was sent after its lease ran out; it may arrive twice", delivery.id());
        }
        log.info("Notification {} sent to destination {} (attempt {})", delivery.id(), delivery.destinationId(),
                delivery.attempts());
        return true;
    }

    private boolean failed(DeliveryRows.Delivery delivery, DeliveryFailure failure) {
        Instant now = clock.instant();
        String reason = ourWords(failure.getMessage());
        if (!failure.retryable() || delivery.attempts() >= properties.maxAttempts()) {
            rows.dead(delivery.id(), workerId, (failure.retryable() ? "gave up after " + delivery.attempts()
                    + " attempts: " : "refused: ") + reason, now);
            log.warn("Notification {} to destination {} dead-lettered: {}", delivery.id(), delivery.destinationId(),
                    reason);
            return false;
        }
        Duration wait = backoff(delivery.attempts());
        Duration asked = failure.retryAfter().map(d -> d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d)
                .orElse(Duration.ZERO);
        if (asked.compareTo(wait) > 0) {
            wait = asked;
        }
        rows.retryAt(delivery.id(), workerId, reason, now.plus(wait), now);
        log.info("Notification {} will be tried again in {} s: {}", delivery.id(), wait.toSeconds(), reason);
        return false;
    }

    /** firstDelay × 2^(attempt-1), at most maxDelay, then a random point of its second half so retries spread out. */
    Duration backoff(int attempt) {
        long first = properties.firstDelay().toMillis();
        long max = properties.maxDelay().toMillis();
        long full = attempt >= 31 ? max : Math.min(max, first << Math.max(0, attempt - 1));
        return Duration.ofMillis(full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1));
    }

    /** A channel's message is ours by contract; still, keep it one short line. */
    static String ourWords(String message) {
        String line = message == null ? "failed" : message.replaceAll("[\\p{Cntrl}]+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
