package jp.uketsuke.telephony.internal.sip;

import gov.nist.javax.sip.header.extensions.MinSE;
import gov.nist.javax.sip.header.extensions.MinSEHeader;
import gov.nist.javax.sip.header.extensions.SessionExpiresHeader;
import java.time.Duration;
import java.util.ListIterator;
import java.util.Locale;
import javax.sip.header.AllowHeader;
import javax.sip.header.Header;
import javax.sip.header.SupportedHeader;
import javax.sip.message.Request;
import jp.uketsuke.telephony.PeerSettings.SessionTimerPolicy;

/**
 * RFC 4028 session timers from the answering side: what a (re-)INVITE or UPDATE asks for, what we answer, and
 * when the session is over if nobody refreshes it.
 */
final class SessionTimer {

    /** Who sends the refreshes. */
    enum Refresher { UAC, UAS }

    /** The outcome of negotiating one request. */
    sealed interface Negotiation {
    }

    /** No session timer: the caller does not support them and nobody asked for one. */
    record None() implements Negotiation {
    }

    /** Session-Expires below our Min-SE from a caller that supports timers: 422 with this Min-SE. */
    record TooSmall(long minSeconds) implements Negotiation {
    }

    /** The session lasts {@code seconds} unless refreshed by {@code refresher}. */
    record Agreed(long seconds, Refresher refresher, boolean callerSupportsTimer) implements Negotiation {

        /** Header value for our response or refresh: "1800;refresher=uac". */
        String headerValue() {
            return seconds + ";refresher=" + refresher.name().toLowerCase(Locale.ROOT);
        }

        /**
         * When the side that does not refresh gives up on the session: RFC 4028 section 10 says send BYE at
         * expiry minus the lesser of 32 s and a third of the interval.
         */
        Duration byeAfter() {
            long margin = Math.min(32_000, seconds * 1000 / 3);
            return Duration.ofMillis(seconds * 1000 - margin);
        }

        /** When the refresher sends its refresh: half way (RFC 4028 section 10). */
        Duration refreshAfter() {
            return Duration.ofMillis(seconds * 500);
        }
    }

    private SessionTimer() {
    }

    static Negotiation negotiate(Request request, SessionTimerPolicy policy) {
        boolean supported = supportsTimer(request);
        long ourMin = policy.minimum().toSeconds();
        long preferred = policy.preferred().toSeconds();
        Header se = request.getHeader(SessionExpiresHeader.NAME);
        if (se == null) {
            se = request.getHeader("x");
        }
        if (!(se instanceof SessionExpiresHeader sessionExpires)) {
            // the caller may refresh if it supports timers; otherwise RTP inactivity is the only guard
            return supported ? new Agreed(preferred, Refresher.UAC, true) : new None();
        }
        long asked = Integer.toUnsignedLong(sessionExpires.getExpires());
        long callerMin = 0;
        if (request.getHeader(MinSEHeader.NAME) instanceof MinSE minSe) {
            callerMin = Integer.toUnsignedLong(minSe.getExpires());
        }
        long floor = Math.max(ourMin, callerMin);
        if (asked < ourMin) {
            if (supported) {
                return new TooSmall(floor);
            }
            // a proxy asked for the timer on behalf of a caller without support: we raise it instead (section 9)
            asked = floor;
        }
        long seconds = Math.max(Math.min(asked, preferred), floor);
        String wanted = sessionExpires.getRefresher();
        Refresher refresher;
        if ("uas".equalsIgnoreCase(wanted)) {
            refresher = Refresher.UAS;
        } else if ("uac".equalsIgnoreCase(wanted) && supported) {
            refresher = Refresher.UAC;
        } else {
            // unspecified: a caller that supports timers refreshes (the bot has nothing to refresh for)
            refresher = supported ? Refresher.UAC : Refresher.UAS;
        }
        return new Agreed(seconds, refresher, supported);
    }

    static boolean supportsTimer(Request request) {
        return lists(request, SupportedHeader.NAME, "timer") || lists(request, "k", "timer");
    }

    /** Whether the caller listed UPDATE in Allow, so we may refresh with UPDATE rather than re-INVITE. */
    static boolean allowsUpdate(Request request) {
        return lists(request, AllowHeader.NAME, Request.UPDATE);
    }

    private static boolean lists(Request request, String headerName, String token) {
        ListIterator<Header> values = request.getHeaders(headerName);
        while (values != null && values.hasNext()) {
            Header header = values.next();
            String value = switch (header) {
                case SupportedHeader s -> s.getOptionTag();
                case AllowHeader a -> a.getMethod();
                default -> header.toString().substring(header.toString().indexOf(':') + 1);
            };
            if (value == null) {
                continue;
            }
            for (String part : value.split(",")) {
                if (part.strip().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }
}
