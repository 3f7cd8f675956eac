package jp.uketsuke.switchboard.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.uketsuke.telephony.Call;
import jp.uketsuke.telephony.CallRecorder;
import jp.uketsuke.telephony.CallRequest;
import jp.uketsuke.telephony.CallerId;
import jp.uketsuke.telephony.Destination;
import jp.uketsuke.telephony.MediaEvent;
import jp.uketsuke.telephony.OutboundLeg;
import jp.uketsuke.telephony.Playback;
import jp.uketsuke.telephony.ReferResult;

/**
 * A telephony {@link Call} held in memory: what the bot plays is counted (and lasts a tenth of its real length, so
 * tests run fast), and the caller's keys, audio and hang-up are queued by the test, either at once or the moment the
 * bot starts its n-th prompt (to interrupt it). No SIP, no RTP.
 */
final class MemoryCall implements Call {

    private static final double SPEED = 10;

    private final BlockingQueue<MediaEvent> events = new LinkedBlockingQueue<>();
    private final Map<Integer, List<MediaEvent>> atPrompt = new HashMap<>();
    private final List<Integer> promptLengths = new ArrayList<>();
    private final AtomicBoolean active = new AtomicBoolean(true);
    private final Instant answeredAt = Instant.now();
    private volatile FakePlayback playing;
    private int stops;

    /** The caller does this once the bot starts its {@code prompt}-th prompt (1 = the first). */
    MemoryCall whenPromptStarts(int prompt, MediaEvent... caller) {
        atPrompt.computeIfAbsent(prompt, p -> new ArrayList<>()).addAll(List.of(caller));
        return this;
    }

    /** The caller's speech as 20 ms frames, then a second of silence so the utterance ends. */
    static MediaEvent[] saying(short[] audio) {
        List<MediaEvent> frames = new ArrayList<>();
        for (int i = 0; i < audio.length; i += 160) {
            short[] frame = new short[160];
            System.arraycopy(audio, i, frame, 0, Math.min(160, audio.length - i));
            frames.add(new MediaEvent.Audio(frame));
        }
        for (int i = 0; i < 50; i++) {
            frames.add(new MediaEvent.Audio(new short[160]));
        }
        return frames.toArray(MediaEvent[]::new);
    }

    int promptsPlayed() {
        return promptLengths.size();
    }

    int stops() {
        return stops;
    }

    @Override
    public CallRequest request() {
        return new CallRequest("memory-call", "0500000000", "09012345678", null, "UDP", null);
    }

    @Override
    public Instant answeredAt() {
        return answeredAt;
    }

    @Override
    public String codec() {
        return "PCMU";
    }

    @Override
    public int sampleRate() {
        return 8000;
    }

    @Override
    public MediaEvent next(Duration timeout) throws InterruptedException {
        if (!active.get() && events.isEmpty()) {
            return new MediaEvent.Ended("hung up");
        }
        MediaEvent event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event instanceof MediaEvent.Ended) {
            active.set(false);
        }
        return event;
    }

    @Override
    public synchronized Playback play(short[] samples) {
        promptLengths.add(samples.length);
        events.addAll(atPrompt.getOrDefault(promptLengths.size(), List.of()));
        playing = new FakePlayback(System.nanoTime() + (long) (samples.length * 1e9 / 8000 / SPEED));
        return playing;
    }

    @Override
    public synchronized void stopPlayback() {
        stops++;
        if (playing != null) {
            playing.stop();
        }
    }

    @Override
    public void record(CallRecorder recorder) {
    }

    @Override
    public boolean isActive() {
        return active.get();
    }

    @Override
    public void hangup() {
        active.set(false);
    }

    @Override
    public OutboundLeg dial(Destination destination, CallerId callerId, Duration ringTimeout) {
        throw new UnsupportedOperationException("no transfers in memory");
    }

    @Override
    public void bridge(Call other) {
        throw new UnsupportedOperationException("no transfers in memory");
    }

    @Override
    public ReferResult referTo(Destination target, Duration timeout) {
        throw new UnsupportedOperationException("no transfers in memory");
    }

    private static final class FakePlayback implements Playback {
        private final long endsAt;
        private volatile boolean stopped;

        FakePlayback(long endsAt) {
            this.endsAt = endsAt;
        }

        void stop() {
            stopped = true;
        }

        @Override
        public void await() throws InterruptedException {
            while (!isDone()) {
                Thread.sleep(5);
            }
        }

        @Override
        public boolean isDone() {
            return stopped || System.nanoTime() >= endsAt;
        }
    }
}
