package jp.uketsuke.telephony.internal.sdp;

import java.net.InetSocketAddress;
import jp.uketsuke.telephony.internal.srtp.SdesCrypto;

/**
 * What offer/answer settled on.
 *
 * @param lineIndex          which m= line of the offer carries our audio
 * @param codec              "G722", "PCMU" or "PCMA"
 * @param payloadType        the caller's number for that codec
 * @param eventPayloadType   the caller's telephone-event number, or -1 when none was offered
 * @param remote             where to send RTP
 * @param callerCrypto       the caller's SRTP key we accepted (RTP/SAVP), or null for plain RTP
 */
public record NegotiatedMedia(int lineIndex, String codec, int payloadType, int eventPayloadType,
                              InetSocketAddress remote, SdesCrypto callerCrypto) {

    public boolean encrypted() {
        return callerCrypto != null;
    }
}
