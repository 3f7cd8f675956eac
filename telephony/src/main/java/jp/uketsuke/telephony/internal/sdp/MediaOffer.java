package jp.uketsuke.telephony.internal.sdp;

import java.net.InetAddress;
import java.util.List;

/**
 * The caller's SDP offer, reduced to what we answer: every m= line in order (an answer must
 * mirror them) with the audio line's address and formats.
 */
public record MediaOffer(long sessionId, List<MediaLine> lines) {

    /**
     * One m= line; {@code address} is its effective c= address (media level over session level),
     * {@code firstFormat} its first format token as written (what a refusing answer repeats).
     */
    public record MediaLine(String media, int port, String protocol, List<Format> formats, InetAddress address,
                            String firstFormat) {
    }

    /** A payload format: number, encoding name (upper case) and clock rate from rtpmap or RFC 3551. */
    public record Format(int payloadType, String encoding, int clockRate) {
    }
}
