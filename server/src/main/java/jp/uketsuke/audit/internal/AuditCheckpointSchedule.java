package jp.uketsuke.audit.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Signs a checkpoint every interval and once more at shutdown, after the web server has stopped taking requests. */
final class AuditCheckpointSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditCheckpointSchedule.class);

    private final AuditCheckpoints checkpoints;
    private final Duration interval;
    private ScheduledExecutorService timer;

    AuditCheckpointSchedule(AuditCheckpoints checkpoints, Duration interval) {
        this.checkpoints = checkpoints;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("audit-checkpoints").daemon().factory());
        timer.scheduleWithFixedDelay(this::signQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer = null;
        signQuietly();
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }

    /** Low phase: stopped after the web server, so events of the last requests are covered too. */
    @Override
    public int getPhase() {
        return 0;
    }

    private void signQuietly() {
        try {
            checkpoints.sign();
        } catch (RuntimeException e) {
            // the next tick tries again; the events themselves are stored either way
            log.warn("Could not sign an audit checkpoint: {}", e.toString());
        }
    }
}
