package jp.uketsuke.telephony.internal.outbound;

import java.net.InetSocketAddress;
import java.util.Optional;
import jp.uketsuke.telephony.internal.codec.AudioCodecs;
import jp.uketsuke.telephony.internal.sdp.MediaOffer;
import jp.uketsuke.telephony.internal.sdp.NegotiatedMedia;
import jp.uketsuke.telephony.internal.sdp.SdpOfferParser;

/** Our SDP offer on an outbound leg (RFC 3264 section 5) and what we accept of the answer (section 6). */
final class LegSdp {

    static final int EVENT_PAYLOAD_TYPE = 101;

    private LegSdp() {
    }

    /** One audio stream with every codec we speak, in our order of preference, and RFC 4733 events. */
    static String offer(String address, int rtpPort, long sessionId) {
        StringBuilder sdp = new StringBuilder(384)
                .append("v=0\r\n")
                .append("o=uketsuke ").append(sessionId).append(" 1 IN IP4 ").append(address).append("\r\n")
                .append("s=uketsuke\r\n")
                .append("c=IN IP4 ").append(address).append("\r\n")
                .append("t=0 0\r\n")
                .append("m=audio ").append(rtpPort).append(" RTP/AVP");
        for (String codec : AudioCodecs.PREFERENCE) {
            sdp.append(' ').append(AudioCodecs.staticPayloadType(codec));
        }
        sdp.append(' ').append(EVENT_PAYLOAD_TYPE).append("\r\n");
        for (String codec : AudioCodecs.PREFERENCE) {
            sdp.append("a=rtpmap:").append(AudioCodecs.staticPayloadType(codec)).append(' ').append(codec)
                    .append("/8000\r\n");
        }
        return sdp.append("a=rtpmap:").append(EVENT_PAYLOAD_TYPE).append(" telephone-event/8000\r\n")
                .append("a=fmtp:").append(EVENT_PAYLOAD_TYPE).append(" 0-15\r\n")
                .append("a=ptime:20\r\n")
                .append("a=sendrecv\r\n")
                .toString();
    }

    /**
     * The media the answer settles on: its first audio line that is not refused, and on it the first format that is
     * one we offered (the answerer sends with its first; RFC 3264 section 7). Empty when the answer is unreadable,
     * names no media address, or keeps none of our codecs.
     */
    static Optional<NegotiatedMedia> accept(String answer) {
        MediaOffer parsed;
        try {
            parsed = SdpOfferParser.parse(answer);
        } catch (SdpOfferParser.InvalidOfferException e) {
            return Optional.empty();
        }
        for (int i = 0; i < parsed.lines().size(); i++) {
            MediaOffer.MediaLine line = parsed.lines().get(i);
            if (!line.media().equals("audio") || line.port() == 0 || line.formats().isEmpty()) {
                continue;
            }
            if (line.address() == null || line.address().isAnyLocalAddress() || line.address().isMulticastAddress()) {
                return Optional.empty(); // on hold from the start, or nowhere to send to
            }
            int eventType = line.formats().stream()
                    .filter(f -> f.encoding().equals("TELEPHONE-EVENT") && f.clockRate() == 8000)
                    .mapToInt(MediaOffer.Format::payloadType).findFirst().orElse(-1);
            for (MediaOffer.Format format : line.formats()) {
                if (format.clockRate() == 8000 && AudioCodecs.PREFERENCE.contains(format.encoding())
                        && AudioCodecs.staticPayloadType(format.encoding()) == format.payloadType()) {
                    // outbound legs offer plain RTP/AVP only (SRTP towards staff phones and trunks is not built yet)
                    return Optional.of(new NegotiatedMedia(i, format.encoding(), format.payloadType(), eventType,
                            new InetSocketAddress(line.address(), line.port()), null));
                }
            }
            return Optional.empty();
        }
        return Optional.empty();
    }
}
