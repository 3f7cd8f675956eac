package jp.uketsuke.telephony.internal.call;

import java.time.Duration;
import jp.uketsuke.telephony.Call;
import jp.uketsuke.telephony.CallerId;
import jp.uketsuke.telephony.Destination;
import jp.uketsuke.telephony.OutboundLeg;
import jp.uketsuke.telephony.ReferResult;

/** What a call asks of signalling beyond its own media: other legs, bridging them, REFER on its dialog. */
public interface CallControl {

    /** For calls that cannot do any of it (not attached to signalling). */
    CallControl NONE = new CallControl() {
        @Override
        public OutboundLeg dial(Destination destination, CallerId callerId, Duration ringTimeout) {
            throw new UnsupportedOperationException("this call cannot place outbound legs");
        }

        @Override
        public void bridge(ActiveCall call, Call other) {
            throw new UnsupportedOperationException("this call cannot be bridged");
        }

        @Override
        public ReferResult refer(ActiveCall call, Destination target, Duration timeout) {
            return new ReferResult.NotTransferred(0, "this call cannot be transferred");
        }
    };

    OutboundLeg dial(Destination destination, CallerId callerId, Duration ringTimeout);

    void bridge(ActiveCall call, Call other);

    ReferResult refer(ActiveCall call, Destination target, Duration timeout) throws InterruptedException;
}
