package jp.uketsuke.telephony.internal.rtp;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One 20 ms tick for the media of every call, so hundreds of calls cost one thread, not hundreds of timers. */
public final class MediaClock implements AutoCloseable {

    /** Something that sends one frame per tick. */
    public interface Participant {

        void tick();

        /** The tick threw: this participant alone is ended. */
        void tickFailed(RuntimeException failure);
    }

    private static final Logger log = LoggerFactory.getLogger(MediaClock.class);

    private final Set<Participant> participants = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "uketsuke-media-clock");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        return thread;
    });

    public void start() {
        timer.scheduleAtFixedRate(this::tick, 20, 20, TimeUnit.MILLISECONDS);
    }

    public void add(Participant participant) {
        participants.add(participant);
    }

    public void remove(Participant participant) {
        participants.remove(participant);
    }

    private void tick() {
        for (Participant participant : participants) {
            try {
                participant.tick();
            } catch (RuntimeException failure) {
                participants.remove(participant);
                try {
                    participant.tickFailed(failure);
                } catch (RuntimeException again) {
                    log.warn("media participant could not be ended cleanly: {}", again.getClass().getName());
                }
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
