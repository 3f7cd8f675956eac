package jp.uketsuke.telephony.internal.outbound;

import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.address.Hop;
import javax.sip.message.Request;
import jp.uketsuke.telephony.CallerId;
import jp.uketsuke.telephony.DialOutcome;
import jp.uketsuke.telephony.MediaSecurity;
import jp.uketsuke.telephony.OutboundLeg;
import jp.uketsuke.telephony.internal.call.ActiveCall;

/** Signalling state of one outbound leg, from INVITE to BYE. Guarded by its own monitor. */
final class Dialing implements OutboundLeg {

    enum State {
        /** INVITE sent, nothing back yet. */
        CALLING,
        /** A provisional response came: it rings. */
        PROCEEDING,
        /** 2xx acknowledged, media running. */
        ANSWERED,
        /** We gave up (ring timeout or the application); a late 2xx is acknowledged and hung up. */
        GIVING_UP,
        ENDED
    }

    final String id;
    final String sipCallId;
    final CallerId callerId;
    final String calledUser;
    final String transport;
    final DigestClient.Credentials credentials;
    final DatagramChannel channel;
    final int rtpPort;
    final String localSdp;
    /** The SRTP keys our offer carries (the leg's signalling is TLS), or null for a plain offer. */
    final LegSdp.OfferedKeys keys;
    final MediaSecurity security;
    /** The TLS connection a phone registered over, which the whole dialog uses; null to follow its Contact. */
    final Hop flow;
    private final OutboundLegs owner;
    private final CountDownLatch decided = new CountDownLatch(1);
    private volatile DialOutcome outcome;

    State state = State.CALLING;
    ClientTransaction invite;
    Request inviteRequest;
    int authAttempts;
    /** Gave up before anything rang: CANCEL goes out with the first provisional response (RFC 3261 9.1). */
    boolean cancelPending;
    /** RTP port handed to the answered call, which returns it when it ends. */
    boolean portHandedOver;
    ScheduledFuture<?> ringTimer;
    ActiveCall call;
    Dialog dialog;
    /** The answer took SRTP. */
    boolean encrypted;

    Dialing(OutboundLegs owner, String id, String sipCallId, CallerId callerId, String calledUser, String transport,
            DigestClient.Credentials credentials, DatagramChannel channel, int rtpPort, String localSdp,
            LegSdp.OfferedKeys keys, MediaSecurity security, Hop flow) {
        this.owner = owner;
        this.id = id;
        this.sipCallId = sipCallId;
        this.callerId = callerId;
        this.calledUser = calledUser;
        this.transport = transport;
        this.credentials = credentials;
        this.channel = channel;
        this.rtpPort = rtpPort;
        this.localSdp = localSdp;
        this.keys = keys;
        this.security = security;
        this.flow = flow;
        owner.legCounters.started();
    }

    /** Settles the outcome once; later attempts (a 487 after our own timeout) change nothing. */
    boolean decide(DialOutcome result) {
        synchronized (decided) {
            if (outcome != null) {
                return false;
            }
            outcome = result;
        }
        owner.legCounters.settled(result);
        decided.countDown();
        return true;
    }

    @Override
    public DialOutcome await(Duration timeout) throws InterruptedException {
        return decided.await(timeout.toNanos(), TimeUnit.NANOSECONDS) ? outcome : null;
    }

    @Override
    public void cancel() {
        owner.giveUp(this, new DialOutcome.Cancelled());
    }
}
