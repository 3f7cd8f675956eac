package jp.uketsuke.telephony.internal.call;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jp.uketsuke.telephony.Call;
import jp.uketsuke.telephony.CallRecorder;
import jp.uketsuke.telephony.CallRequest;
import jp.uketsuke.telephony.CallSession;
import jp.uketsuke.telephony.CallerId;
import jp.uketsuke.telephony.Destination;
import jp.uketsuke.telephony.MediaEvent;
import jp.uketsuke.telephony.OutboundLeg;
import jp.uketsuke.telephony.Playback;
import jp.uketsuke.telephony.ReferResult;
import jp.uketsuke.telephony.RtpDropReason;
import jp.uketsuke.telephony.internal.codec.AudioCodec;
import jp.uketsuke.telephony.internal.rtp.JitterBuffer;
import jp.uketsuke.telephony.internal.rtp.MediaClock;
import jp.uketsuke.telephony.internal.rtp.RtpPacket;
import jp.uketsuke.telephony.internal.rtp.RtpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One established call: the {@link Call} the application holds, driven by the media clock (one
 * frame each way per tick) and ended exactly once, whichever side ends it.
 */
public final class ActiveCall implements Call, MediaClock.Participant, RtpSession.Sink {

    /** Told once when the call ends, so signalling can send BYE and forget the call. */
    public interface EndListener {
        void ended(ActiveCall call, boolean byeNeeded);
    }

    /**
     * Takes the call's audio instead of the application while set (a bridge): gets each 20 ms the caller said
     * (null when nothing was due) and returns what to send back (null: silence). Called on the media clock.
     */
    public interface MediaTap {

        short[] exchange(short[] heard);

        /** The call ended; called once, after media stopped. */
        void ended(ActiveCall call);
    }

    private static final Logger log = LoggerFactory.getLogger(ActiveCall.class);
    /** 10 s of audio; a session that stops reading loses the oldest frames, not memory. */
    private static final int MAX_QUEUED_EVENTS = 500;

    private final CallRequest request;
    private final AudioCodec codec;
    private final RtpSession rtp;
    private final MediaClock clock;
    private final long timeoutNanos;
    private final EndListener endListener;
    private final int frameSamples;
    private final short[] silence;
    private final JitterBuffer jitter = new JitterBuffer(2, 12);
    private final LinkedBlockingQueue<MediaEvent> events = new LinkedBlockingQueue<>();
    private final Deque<QueuedPlayback> playbacks = new ArrayDeque<>();
    private final Object recorderLock = new Object();
    private final AtomicBoolean ended = new AtomicBoolean();
    private short[] pendingCaller = new short[0];
    private volatile CallRecorder recorder;
    private volatile Instant answeredAt;
    private volatile boolean endDelivered;
    private volatile MediaTap tap;
    private volatile CallControl control = CallControl.NONE;

    public ActiveCall(CallRequest request, AudioCodec codec, RtpSession rtp, MediaClock clock, Duration rtpTimeout,
                      EndListener endListener) {
        this.request = request;
        this.codec = codec;
        this.rtp = rtp;
        this.clock = clock;
        this.timeoutNanos = rtpTimeout.toNanos();
        this.endListener = endListener;
        this.frameSamples = codec.sampleRate() / 50;
        this.silence = new short[frameSamples];
    }

    /**
     * The caller confirmed (ACK): media flows and the session starts on its own virtual thread. A caller
     * who hung up at once (BYE overtaking ACK) still gets the session run, on an ended call, so the
     * application keeps a record of every answered call.
     */
    public void start(CallSession session) {
        startMedia();
        Thread.ofVirtual().name("call-" + request.callId()).start(() -> {
            try {
                session.run(this);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable failure) {
                // isolated: a broken session ends its own call only
                log.warn("call {}: session failed with {}", request.callId(), failure.getClass().getName());
            } finally {
                end("session finished", true);
            }
        });
    }

    /** Media flows from now on, without a session (an outbound leg the application drives from elsewhere). */
    public void startMedia() {
        answeredAt = Instant.now();
        if (!ended.get()) {
            rtp.start(this);
            clock.add(this);
        }
    }

    /** Signalling's services for this call: outbound legs, bridging, REFER. */
    public void control(CallControl callControl) {
        this.control = callControl;
    }

    /** Hands the call's audio to {@code mediaTap} (or back to the application with null); see {@link MediaTap}. */
    public void tap(MediaTap mediaTap) {
        this.tap = mediaTap;
        if (mediaTap != null && ended.get()) {
            mediaTap.ended(this);
        }
    }

    public int rtpPort() {
        return rtp.localPort();
    }

    @Override
    public CallRequest request() {
        return request;
    }

    @Override
    public Instant answeredAt() {
        return answeredAt;
    }

    @Override
    public String codec() {
        return codec.name();
    }

    @Override
    public int sampleRate() {
        return codec.sampleRate();
    }

    @Override
    public MediaEvent next(Duration timeout) throws InterruptedException {
        if (endDelivered) {
            return null;
        }
        MediaEvent event = events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (event instanceof MediaEvent.Ended) {
            endDelivered = true;
        }
        return event;
    }

    @Override
    public Playback play(short[] samples) {
        QueuedPlayback playback = new QueuedPlayback(samples);
        synchronized (playbacks) {
            if (ended.get() || samples.length == 0) {
                playback.finish();
            } else {
                playbacks.addLast(playback);
            }
        }
        return playback;
    }

    @Override
    public void stopPlayback() {
        synchronized (playbacks) {
            playbacks.forEach(QueuedPlayback::finish);
            playbacks.clear();
        }
    }

    @Override
    public void record(CallRecorder callRecorder) {
        synchronized (recorderLock) {
            if (!ended.get()) {
                this.recorder = callRecorder;
                return;
            }
        }
        callRecorder.close(); // the call is already over: nothing will ever be recorded, so say so at once
    }

    @Override
    public OutboundLeg dial(Destination destination, CallerId callerId, Duration ringTimeout) {
        return control.dial(destination, callerId, ringTimeout);
    }

    @Override
    public void bridge(Call other) {
        control.bridge(this, other);
    }

    @Override
    public ReferResult referTo(Destination target, Duration timeout) throws InterruptedException {
        return control.refer(this, target, timeout);
    }

    @Override
    public boolean isActive() {
        return !ended.get();
    }

    @Override
    public void hangup() {
        end("hung up", true);
    }

    /** Ends the call once: stops media, finishes playbacks, closes the recorder, reports Ended. */
    public void end(String reason, boolean byeNeeded) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        clock.remove(this);
        rtp.close();
        stopPlayback();
        synchronized (recorderLock) {
            CallRecorder current = recorder;
            recorder = null;
            if (current != null) {
                try {
                    current.close();
                } catch (RuntimeException e) {
                    log.warn("call {}: recorder close failed with {}", request.callId(), e.getClass().getName());
                }
            }
        }
        MediaTap bridge = tap;
        if (bridge != null) {
            // before Ended is delivered: whoever reads it finds the bridged call over too
            bridge.ended(this);
        }
        synchronized (events) {
            events.add(new MediaEvent.Ended(reason));
        }
        log.debug("call {} ended: {}", request.callId(), reason);
        endListener.ended(this, byeNeeded);
    }

    @Override
    public void tick() {
        if (ended.get()) {
            return;
        }
        if (rtp.nanosSinceLastPacket() > timeoutNanos) {
            end("no RTP from the caller", true);
            return;
        }
        short[] caller = nextCallerFrame();
        MediaTap bridge = tap;
        short[] bot;
        if (bridge != null) {
            bot = bridge.exchange(caller);
        } else {
            if (caller != null) {
                deliver(new MediaEvent.Audio(caller));
            }
            bot = nextBotFrame();
        }
        rtp.send(codec.encode(bot != null ? bot : silence), codec.timestampStep());
        synchronized (recorderLock) {
            CallRecorder current = recorder;
            if (current != null) {
                try {
                    current.frame(caller != null ? caller.clone() : new short[frameSamples],
                            bot != null ? bot : new short[frameSamples]);
                } catch (RuntimeException e) {
                    recorder = null;
                    log.warn("call {}: recorder failed with {}, recording stopped", request.callId(),
                            e.getClass().getName());
                }
            }
        }
    }

    @Override
    public void tickFailed(RuntimeException failure) {
        log.warn("call {}: media failed with {}", request.callId(), failure.getClass().getName());
        end("media failure", true);
    }

    @Override
    public void audio(RtpPacket packet) {
        JitterBuffer.Verdict verdict = jitter.offer(packet.sequence(), packet.buffer());
        switch (verdict) {
            case DUPLICATE -> rtp.dropped(RtpDropReason.DUPLICATE);
            case LATE -> rtp.dropped(RtpDropReason.LATE);
            case OVERFLOW -> rtp.dropped(RtpDropReason.OVERFLOW);
            case ACCEPTED -> { }
        }
    }

    @Override
    public void digit(char key) {
        deliver(new MediaEvent.Digit(key));
    }

    /** Decodes in sequence order (G.722 state depends on it) until one 20 ms frame is ready. */
    private short[] nextCallerFrame() {
        while (pendingCaller.length < frameSamples) {
            byte[] payload = jitter.poll();
            if (payload == null) {
                return null;
            }
            short[] decoded = codec.decode(payload, 0, payload.length);
            short[] joined = new short[pendingCaller.length + decoded.length];
            System.arraycopy(pendingCaller, 0, joined, 0, pendingCaller.length);
            System.arraycopy(decoded, 0, joined, pendingCaller.length, decoded.length);
            pendingCaller = joined;
        }
        short[] frame = new short[frameSamples];
        System.arraycopy(pendingCaller, 0, frame, 0, frameSamples);
        short[] rest = new short[pendingCaller.length - frameSamples];
        System.arraycopy(pendingCaller, frameSamples, rest, 0, rest.length);
        pendingCaller = rest;
        return frame;
    }

    private short[] nextBotFrame() {
        synchronized (playbacks) {
            while (!playbacks.isEmpty()) {
                QueuedPlayback head = playbacks.peekFirst();
                short[] frame = head.nextFrame(frameSamples);
                if (head.exhausted()) {
                    playbacks.pollFirst();
                    head.finish();
                }
                if (frame != null) {
                    return frame;
                }
            }
            return null;
        }
    }

    private void deliver(MediaEvent event) {
        synchronized (events) {
            // Ended is always the last event, so nothing may follow it
            if (ended.get()) {
                return;
            }
            if (events.size() >= MAX_QUEUED_EVENTS) {
                events.poll();
            }
            events.add(event);
        }
    }
}
