package jp.uketsuke.telephony;

import java.util.Map;

/**
 * A snapshot of the server's counters, for metrics and tests. Counts only, never who called.
 *
 * @param callsActive            calls answered or ringing right now
 * @param callsTotal             INVITEs that created a call (answered, rejected or cancelled) since start
 * @param rtpPacketsIn           RTP datagrams received on call ports, whether used or dropped
 * @param rtpPacketsOut          RTP packets sent
 * @param rtpDropped             received packets not used, by reason (every reason present, zero or more)
 * @param invitesForbidden       INVITEs answered 403: not from a trunk or an authenticated staff phone, a number
 *                               the trunk may not deliver, or refused by the application
 * @param registrationsActive    live staff-phone contacts in the registrar
 * @param authenticationFailures digest authentications that failed (wrong password, bad or replayed nonce, unknown
 *                               phone), and attempts refused while throttled
 * @param sessionsExpired        calls ended because their RFC 4028 session was not refreshed
 */
public record TelephonyMetrics(long callsActive, long callsTotal, long rtpPacketsIn, long rtpPacketsOut,
                               Map<RtpDropReason, Long> rtpDropped, long invitesForbidden, long registrationsActive,
                               long authenticationFailures, long sessionsExpired) {

    public TelephonyMetrics {
        rtpDropped = Map.copyOf(rtpDropped);
    }

    public long dropped(RtpDropReason reason) {
        return rtpDropped.getOrDefault(reason, 0L);
    }
}
