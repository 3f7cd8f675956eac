package jp.uketsuke.switchboard.internal;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import jp.uketsuke.calls.RecordingWriter;
import jp.uketsuke.telephony.CallRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a call's audio from the media clock to the encrypted recording on a thread of its own, so a
 * slow disk delays the recording, never the caller's audio. If the disk falls more than a few seconds
 * behind, frames are dropped and counted rather than stalling the call (invariant 5).
 */
final class RecordingPump implements CallRecorder {

    private static final Logger log = LoggerFactory.getLogger(RecordingPump.class);
    private static final int BACKLOG_FRAMES = 500; // 10 s of 20 ms frames
    private static final short[][] END = new short[0][];

    private final BlockingQueue<short[][]> frames = new ArrayBlockingQueue<>(BACKLOG_FRAMES);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;

    RecordingPump(String callId, RecordingWriter recording) {
        this.writer = Thread.ofVirtual().name("recording-" + callId).start(() -> drain(callId, recording));
    }

    @Override
    public void frame(short[] caller, short[] bot) {
        if (!frames.offer(new short[][] {caller, bot})) {
            dropped.incrementAndGet();
        }
    }

    @Override
    public void close() {
        try {
            frames.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (boundedly: a stuck disk must not keep the call open) until the recording is closed. */
    void awaitWritten() throws InterruptedException {
        writer.join(Duration.ofSeconds(30));
    }

    private void drain(String callId, RecordingWriter recording) {
        try (recording) {
            for (short[][] frame = frames.take(); frame != END; frame = frames.take()) {
                recording.write(frame[0], frame[1]);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Recording of call {} failed; the call goes on without it", callId, e);
        }
        if (dropped.get() > 0) {
            log.warn("Recording of call {} dropped {} frames because storage fell behind", callId, dropped.get());
        }
    }
}
