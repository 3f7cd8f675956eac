package jp.uketsuke.telephony.internal.transfer;

import java.util.ArrayDeque;
import jp.uketsuke.telephony.internal.call.ActiveCall;

/**
 * Two calls' audio connected both ways, on the media clock: what one side says goes, converted to the other's rate,
 * into a short queue the other side sends from on its next tick. When either call ends, the other is hung up.
 */
final class MediaBridge {

    /** 100 ms: enough to absorb the two calls ticking in either order, little enough not to be heard as delay. */
    private static final int MAX_QUEUED_FRAMES = 5;

    private MediaBridge() {
    }

    static void connect(ActiveCall one, ActiveCall other) {
        if (one == other) {
            throw new IllegalArgumentException("a call cannot be bridged with itself");
        }
        Side a = new Side(one);
        Side b = new Side(other);
        a.peer = b;
        b.peer = a;
        a.toPeer = new RateConverter(one.sampleRate(), other.sampleRate());
        b.toPeer = new RateConverter(other.sampleRate(), one.sampleRate());
        one.stopPlayback();
        other.stopPlayback();
        one.tap(a);
        other.tap(b);
    }

    private static final class Side implements ActiveCall.MediaTap {

        private final ActiveCall call;
        private final ArrayDeque<short[]> inbox = new ArrayDeque<>();
        private Side peer;
        private RateConverter toPeer;

        Side(ActiveCall call) {
            this.call = call;
        }

        @Override
        public short[] exchange(short[] heard) {
            if (heard != null) {
                peer.offer(toPeer.convert(heard));
            }
            synchronized (inbox) {
                return inbox.pollFirst();
            }
        }

        private void offer(short[] frame) {
            synchronized (inbox) {
                if (inbox.size() >= MAX_QUEUED_FRAMES) {
                    inbox.pollFirst(); // the other side sends faster than we play: keep the delay bounded
                }
                inbox.addLast(frame);
            }
        }

        @Override
        public void ended(ActiveCall who) {
            peer.call.end("bridged party hung up", true);
        }
    }
}
