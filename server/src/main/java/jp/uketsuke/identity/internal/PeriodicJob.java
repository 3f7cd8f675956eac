package jp.uketsuke.identity.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The thread behind the identity module's background checks (dormant accounts, access-review reminders): one run at a
 * time, the first one interval after start, stopped with the application. The check itself decides what a failure
 * means; it must not throw, or the schedule ends.
 */
final class PeriodicJob {

    private final String name;
    private final Runnable check;
    private ScheduledExecutorService timer;

    PeriodicJob(String name, Runnable check) {
        this.name = name;
        this.check = check;
    }

    synchronized void start(Duration interval) {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name).daemon().factory());
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(check, millis, millis, TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    synchronized boolean isRunning() {
        return timer != null;
    }
}
