package jp.uketsuke.telephony.internal.call;

import java.util.concurrent.CountDownLatch;
import jp.uketsuke.telephony.Playback;

/** Audio waiting to be sent, consumed one frame per media tick. */
final class QueuedPlayback implements Playback {

    private final short[] samples;
    private int position;
    private final CountDownLatch done = new CountDownLatch(1);

    QueuedPlayback(short[] samples) {
        this.samples = samples.clone();
    }

    /** Next frame, padded with silence at the end; null once everything was taken. */
    short[] nextFrame(int frameSamples) {
        if (position >= samples.length) {
            return null;
        }
        short[] frame = new short[frameSamples];
        int count = Math.min(frameSamples, samples.length - position);
        System.arraycopy(samples, position, frame, 0, count);
        position += count;
        return frame;
    }

    boolean exhausted() {
        return position >= samples.length;
    }

    void finish() {
        done.countDown();
    }

    @Override
    public void await() throws InterruptedException {
        done.await();
    }

    @Override
    public boolean isDone() {
        return done.getCount() == 0;
    }
}
