package jp.uketsuke.telephony.internal.transfer;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.address.AddressFactory;
import javax.sip.address.Hop;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import jp.uketsuke.telephony.Call;
import jp.uketsuke.telephony.CallerId;
import jp.uketsuke.telephony.Destination;
import jp.uketsuke.telephony.MediaSecurity;
import jp.uketsuke.telephony.OutboundLeg;
import jp.uketsuke.telephony.OutboundLegMetrics;
import jp.uketsuke.telephony.ReferResult;
import jp.uketsuke.telephony.internal.call.ActiveCall;
import jp.uketsuke.telephony.internal.call.CallControl;
import jp.uketsuke.telephony.internal.outbound.OutboundLegs;
import jp.uketsuke.telephony.internal.rtp.MediaClock;
import jp.uketsuke.telephony.internal.rtp.MediaCounters;
import jp.uketsuke.telephony.internal.rtp.RtpPortPool;

/**
 * Everything beyond answering: outbound legs, bridging two calls, blind transfer. Signalling hands it the SIP
 * events that belong to it (responses to our requests, requests on our legs' dialogs, NOTIFYs of our REFERs) and
 * gives every call its {@link CallControl} from here.
 */
public final class Transfers {

    private final OutboundLegs outbound;
    private final Referrals referrals;

    public Transfers(OutboundLegs.Config config, RtpPortPool ports, MediaClock clock, MediaCounters counters,
                     ScheduledExecutorService timers) {
        this.outbound = new OutboundLegs(config, ports, clock, counters.outboundLegs(), timers, this::controlFor);
        this.referrals = new Referrals(config.advertisedAddress(), config.port(), config.tlsPort());
    }

    public OutboundLegMetrics outboundLegMetrics() {
        return outbound.metrics();
    }

    public void attach(SipProvider provider, MessageFactory messages, HeaderFactory headers, AddressFactory addresses) {
        outbound.attach(provider, messages, headers, addresses);
        referrals.attach(provider, messages, headers, addresses);
    }

    /**
     * The control of a call whose SIP dialog {@code dialog} gives (once it exists).
     *
     * @param flow      the TLS connection the call's signalling runs over, which our requests in its dialog must
     *                  use too (the other side accepts no connections of its own); null when not over TLS
     * @param security  the call's media security, which legs it places keep
     */
    public CallControl controlFor(Supplier<Dialog> dialog, Hop flow, MediaSecurity security) {
        return new CallControl() {
            @Override
            public OutboundLeg dial(Destination destination, CallerId callerId, Duration ringTimeout) {
                return outbound.dial(destination, callerId, ringTimeout, security);
            }

            @Override
            public void bridge(ActiveCall call, Call other) {
                if (!(other instanceof ActiveCall leg)) {
                    throw new IllegalArgumentException("only calls of this server can be bridged");
                }
                MediaBridge.connect(call, leg);
            }

            @Override
            public ReferResult refer(ActiveCall call, Destination target, Duration timeout) throws InterruptedException {
                return referrals.refer(call, dialog, flow, target, timeout);
            }
        };
    }

    /** A leg on nobody's behalf: SRTP where its signalling is TLS, as {@link MediaSecurity#PREFERRED} has it. */
    public OutboundLeg dial(Destination destination, CallerId callerId, Duration ringTimeout) {
        return outbound.dial(destination, callerId, ringTimeout, MediaSecurity.PREFERRED);
    }

    /** Whether the request was ours and has been answered. */
    public boolean handles(RequestEvent event) throws Exception {
        return outbound.handles(event) || referrals.handles(event);
    }

    /** Whether the response was to a request of ours. */
    public boolean onResponse(ResponseEvent event) {
        return outbound.onResponse(event) || referrals.onResponse(event);
    }

    public boolean onTimeout(TimeoutEvent event) {
        return outbound.onTimeout(event) || referrals.onTimeout(event);
    }

    public void endAll() {
        outbound.endAll();
    }
}
