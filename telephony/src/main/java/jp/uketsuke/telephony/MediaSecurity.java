package jp.uketsuke.telephony;

/**
 * Whether a call's audio must be encrypted (SRTP with SDES keys, RFC 3711 and 4568). SDES sends the
 * keys inside the SIP message, so encrypted media protects a call only when its signalling came over
 * TLS too.
 */
public enum MediaSecurity {
    /** SRTP or no call: an offer without usable crypto, or an INVITE not over TLS, gets 488. */
    REQUIRED,
    /**
     * SRTP when the caller offers it over TLS, plain RTP otherwise. A caller who offers only SRTP over
     * plain UDP or TCP still gets SRTP: refusing the call would protect nothing.
     */
    PREFERRED,
    /** Plain RTP only; an offer of SRTP alone gets 488. */
    OFF;

    /**
     * This policy, or {@code floor} when that is stricter (OFF &lt; PREFERRED &lt; REQUIRED): a second party's
     * policy can tighten a call's media security, never loosen it. A null floor leaves this policy as it is.
     */
    public MediaSecurity atLeast(MediaSecurity floor) {
        // declared strictest first
        return floor != null && floor.ordinal() < ordinal() ? floor : this;
    }
}
