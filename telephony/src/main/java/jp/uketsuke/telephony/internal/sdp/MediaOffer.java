package jp.uketsuke.telephony.internal.sdp;

import java.net.InetAddress;
import java.util.List;
import jp.uketsuke.telephony.internal.srtp.SdesCrypto;

/**
 * The caller's SDP offer, reduced to what we answer: every m= line in order (an answer must
 * mirror them) with the audio line's address and formats.
 */
public record MediaOffer(long sessionId, List<MediaLine> lines) {

    /**
     * One m= line; {@code address} is its effective c= address (media level over session level),
     * {@code firstFormat} its first format token as written (what a refusing answer repeats).
     * {@code secure} marks RTP/SAVP; {@code crypto} holds its a=crypto keys we could use, in offer order
     * (always empty on RTP/AVP, where RFC 4568 gives a=crypto no meaning).
     */
    public record MediaLine(String media, int port, String protocol, List<Format> formats, InetAddress address,
                            String firstFormat, boolean secure, List<SdesCrypto> crypto) {

        public MediaLine(String media, int port, String protocol, List<Format> formats, InetAddress address,
                         String firstFormat) {
            this(media, port, protocol, formats, address, firstFormat, false, List.of());
        }
    }

    /** A payload format: number, encoding name (upper case) and clock rate from rtpmap or RFC 3551. */
    public record Format(int payloadType, String encoding, int clockRate) {
    }
}
