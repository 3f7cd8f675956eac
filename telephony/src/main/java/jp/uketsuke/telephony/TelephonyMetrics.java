package jp.uketsuke.telephony;

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
 * @param outboundLegs           outbound legs (not counted in the call figures above; their RTP is in the RTP ones)
 */
public record TelephonyMetrics(long callsActive, long callsTotal, long rtpPacketsIn, long rtpPacketsOut,
                               Map<RtpDropReason, Long> rtpDropped, long rtpPacketsExpected, long rtpPacketsLost,
                               long rtpStreamsMeasured, double rtpJitterSecondsSum,
                               Map<Integer, Long> sipResponsesSent, Map<SipDropReason, Long> sipDropped,
                               long sipSourcesBlocked, long sipBlocksTotal, long invitesForbidden,
                               long registrationsActive, long authenticationFailures, long sessionsExpired,
                               OutboundLegMetrics outboundLegs) {

    public TelephonyMetrics {
        rtpDropped = Map.copyOf(rtpDropped);
        sipResponsesSent = java.util.Collections.unmodifiableMap(new TreeMap<>(sipResponsesSent));
        sipDropped = Map.copyOf(sipDropped);
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
