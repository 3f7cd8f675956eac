package jp.uketsuke.telephony;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of the server's counters, for metrics and tests. Counts only, never who called or from where.
 *
 * @param callsActive            calls answered or ringing right now
 * @param callsTotal             INVITEs that created a call (answered, rejected or cancelled) since start
 * @param rtpPacketsIn           RTP datagrams received on call ports, whether used or dropped
 * @param rtpPacketsOut          RTP packets sent
 * @param rtpDropped             received packets not used, by reason (every reason present, zero or more)
 * @param rtpPacketsExpected     packets the callers' sequence numbers say were sent, summed over ended calls
 * @param rtpPacketsLost         of those, packets never received (RFC 3550 A.3), summed over ended calls
 * @param rtpStreamsMeasured     ended calls whose interarrival jitter was measured
 * @param rtpJitterSecondsSum    sum of those calls' final interarrival jitter (RFC 3550 6.4.1), in seconds
 * @param sipResponsesSent       SIP responses sent, by status code (codes never sent are absent)
 * @param sipDropped             SIP messages and connections the guard dropped or refused, by reason (every
 *                               reason present)
 * @param sipSourcesBlocked      source addresses blocked right now
 * @param sipBlocksTotal         times a source was blocked since start
 * @param invitesForbidden       INVITEs answered 403: not from a trunk or an authenticated staff phone, a number
 *                               the trunk may not deliver, or refused by the application
 * @param registrationsActive    live staff-phone contacts in the registrar
 * @param authenticationFailures digest authentications that failed (wrong password, bad or replayed nonce, unknown
 *                               phone), and attempts refused while throttled
 * @param sessionsExpired        calls ended because their RFC 4028 session was not refreshed
 * @param callsInSetup           calls taken from the network and not yet ringing or refused, now
 * @param callsRefused           new calls refused with 503 and Retry-After because the server was full, by reason
 *                               (every reason present)
 * @param sipQueueWaitMillis     how long the oldest SIP datagram waiting for the stack's threads (UDP) has waited, now;
 *                               -1 when the stack's queue cannot be watched
 * @param outboundLegs           outbound legs (not counted in the call figures above; their RTP is in the RTP ones)
 */
public record TelephonyMetrics(long callsActive, long callsTotal, long rtpPacketsIn, long rtpPacketsOut,
                               Map<RtpDropReason, Long> rtpDropped, long rtpPacketsExpected, long rtpPacketsLost,
                               long rtpStreamsMeasured, double rtpJitterSecondsSum,
                               Map<Integer, Long> sipResponsesSent, Map<SipDropReason, Long> sipDropped,
                               long sipSourcesBlocked, long sipBlocksTotal, long invitesForbidden,
                               long registrationsActive, long authenticationFailures, long sessionsExpired,
                               long callsInSetup, Map<OverloadReason, Long> callsRefused,
                               long sipQueueWaitMillis, OutboundLegMetrics outboundLegs) {

    public TelephonyMetrics {
        rtpDropped = Map.copyOf(rtpDropped);
        sipResponsesSent = java.util.Collections.unmodifiableMap(new TreeMap<>(sipResponsesSent));
        sipDropped = Map.copyOf(sipDropped);
        Map<OverloadReason, Long> refused = new EnumMap<>(OverloadReason.class);
        for (OverloadReason reason : OverloadReason.values()) {
            refused.put(reason, callsRefused.getOrDefault(reason, 0L));
        }
        callsRefused = java.util.Collections.unmodifiableMap(refused);
    }

    public long refused(OverloadReason reason) {
        return callsRefused.get(reason);
    }

    public long dropped(RtpDropReason reason) {
        return rtpDropped.getOrDefault(reason, 0L);
    }

    public long dropped(SipDropReason reason) {
        return sipDropped.getOrDefault(reason, 0L);
    }

    public long responsesSent(int status) {
        return sipResponsesSent.getOrDefault(status, 0L);
    }
}
