package jp.uketsuke.telephony.internal.sip;

import java.util.concurrent.ScheduledFuture;
import javax.sip.ServerTransaction;
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
    final String localSdp;
    /** The caller's source holds this slot of its dialog limit until the call ends. */
    final SourceGuard.Lease dialogSlot;
    State state = State.RINGING;
    ScheduledFuture<?> pendingAnswer;
    /** The RFC 4028 session as last agreed, or null when the call has no session timer. */
    SessionTimer.Agreed sessionInterval;
    /** Ends the call (we do not refresh) or sends our refresh (we do), whichever is due next. */
    ScheduledFuture<?> sessionDue;
    /** Whether the caller listed UPDATE in Allow: our refreshes are UPDATEs then, else re-INVITEs. */
    boolean callerAllowsUpdate;

    CallLeg(String sipCallId, ServerTransaction invite, Request inviteRequest, String toTag, ActiveCall call,
            CallSession session, String localSdp, SourceGuard.Lease dialogSlot) {
        this.sipCallId = sipCallId;
        this.invite = invite;
        this.inviteRequest = inviteRequest;
        this.toTag = toTag;
        this.call = call;
        this.session = session;
        this.localSdp = localSdp;
        this.dialogSlot = dialogSlot;
    }

    String callId() {
        return call.request().callId();
    }
}
