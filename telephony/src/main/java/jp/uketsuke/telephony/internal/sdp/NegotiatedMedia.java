package jp.uketsuke.telephony.internal.sdp;

import java.net.InetSocketAddress;

/**
 * What offer/answer settled on.
 *
 * @param lineIndex          which m= line of the offer carries our audio
 * @param codec              "G722", "PCMU" or "PCMA"
 * @param payloadType        the caller's number for that codec
 * @param eventPayloadType   the caller's telephone-event number, or -1 when none was offered
 * @param remote             where to send RTP
 */
public record NegotiatedMedia(int lineIndex, String codec, int payloadType, int eventPayloadType,
                              InetSocketAddress remote) {
}
