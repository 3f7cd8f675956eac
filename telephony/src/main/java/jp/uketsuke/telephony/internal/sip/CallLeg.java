package jp.uketsuke.telephony.internal.sip;

import java.util.concurrent.ScheduledFuture;
import javax.sip.ServerTransaction;
import javax.sip.address.Hop;
import javax.sip.header.ContactHeader;
import javax.sip.message.Request;
import jp.uketsuke.telephony.CallSession;
import jp.uketsuke.telephony.internal.call.ActiveCall;
import jp.uketsuke.telephony.internal.guard.SourceGuard;

/** Signalling state of one inbound call, from INVITE to BYE. Guarded by its own monitor. */
final class CallLeg {

    enum State { RINGING, ANSWERED, CONFIRMED, ENDED }

    final String sipCallId;
    final ServerTransaction invite;
    final Request inviteRequest;
    final String toTag;
    final ActiveCall call;
    final CallSession session;
    /** Holds our SRTP key on encrypted calls: only ever sent over TLS, never logged. */
    final String localSdp;
    /** The caller's source holds this slot of its dialog limit until the call ends. */
    final SourceGuard.Lease dialogSlot;
    final ContactHeader contact;
    /** The caller's TLS connection for requests we send in the dialog; null when the call is not over TLS. */
    final Hop flow;
    final boolean overTls;
    final boolean encrypted;
    State state = State.RINGING;
    ScheduledFuture<?> pendingAnswer;
    /** The RFC 4028 session as last agreed, or null when the call has no session timer. */
    SessionTimer.Agreed sessionInterval;
    /** Ends the call (we do not refresh) or sends our refresh (we do), whichever is due next. */
    ScheduledFuture<?> sessionDue;
    /** Whether the caller listed UPDATE in Allow: our refreshes are UPDATEs then, else re-INVITEs. */
    boolean callerAllowsUpdate;

    CallLeg(String sipCallId, ServerTransaction invite, Request inviteRequest, String toTag, ActiveCall call,
            CallSession session, String localSdp, ContactHeader contact, Hop flow, boolean overTls, boolean encrypted,
            SourceGuard.Lease dialogSlot) {
        this.sipCallId = sipCallId;
        this.invite = invite;
        this.inviteRequest = inviteRequest;
        this.toTag = toTag;
        this.call = call;
        this.session = session;
        this.localSdp = localSdp;
        this.dialogSlot = dialogSlot;
        this.contact = contact;
        this.flow = flow;
        this.overTls = overTls;
        this.encrypted = encrypted;
    }

    String callId() {
        return call.request().callId();
    }
}
