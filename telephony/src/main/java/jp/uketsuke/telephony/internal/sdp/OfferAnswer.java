package jp.uketsuke.telephony.internal.sdp;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import jp.uketsuke.telephony.internal.codec.AudioCodecs;

/** SDP offer/answer (RFC 3264) for our single audio stream. */
public final class OfferAnswer {

    private OfferAnswer() {
    }

    /** Picks the first usable audio line and our most preferred codec on it; empty when nothing fits. */
    public static Optional<NegotiatedMedia> negotiate(MediaOffer offer) {
        for (int i = 0; i < offer.lines().size(); i++) {
            MediaOffer.MediaLine line = offer.lines().get(i);
            if (!line.media().equals("audio") || line.port() == 0 || line.formats().isEmpty()) {
                continue;
            }
            int eventType = line.formats().stream()
                    .filter(f -> f.encoding().equals("TELEPHONE-EVENT") && f.clockRate() == 8000)
                    .mapToInt(MediaOffer.Format::payloadType).findFirst().orElse(-1);
            for (String codec : AudioCodecs.PREFERENCE) {
                Optional<MediaOffer.Format> match = line.formats().stream()
                        .filter(f -> f.encoding().equals(codec) && f.clockRate() == 8000).findFirst();
                if (match.isPresent()) {
                    return Optional.of(new NegotiatedMedia(i, codec, match.get().payloadType(), eventType,
                            new InetSocketAddress(line.address(), line.port())));
                }
            }
        }
        return Optional.empty();
    }

    /** Our answer: the chosen audio line with our port, every other offered line refused with port 0. */
    public static String answer(MediaOffer offer, NegotiatedMedia chosen, String address, int rtpPort,
                                long sessionVersion) {
        StringBuilder sdp = new StringBuilder(320)
                .append("v=0\r\n")
                .append("o=uketsuke ").append(Math.abs(offer.sessionId())).append(' ').append(sessionVersion)
                .append(" IN IP4 ").append(address).append("\r\n")
                .append("s=uketsuke\r\n")
                .append("c=IN IP4 ").append(address).append("\r\n")
                .append("t=0 0\r\n");
        List<MediaOffer.MediaLine> lines = offer.lines();
        for (int i = 0; i < lines.size(); i++) {
            MediaOffer.MediaLine line = lines.get(i);
            if (i != chosen.lineIndex()) {
                String format = line.firstFormat().matches("[A-Za-z0-9._-]{1,32}") ? line.firstFormat() : "0";
                sdp.append("m=").append(line.media()).append(" 0 ").append(line.protocol()).append(' ')
                        .append(format).append("\r\n");
                continue;
            }
            sdp.append("m=audio ").append(rtpPort).append(" RTP/AVP ").append(chosen.payloadType());
            if (chosen.eventPayloadType() >= 0) {
                sdp.append(' ').append(chosen.eventPayloadType());
            }
            sdp.append("\r\n")
                    .append("a=rtpmap:").append(chosen.payloadType()).append(' ').append(chosen.codec())
                    .append("/8000\r\n");
            if (chosen.eventPayloadType() >= 0) {
                sdp.append("a=rtpmap:").append(chosen.eventPayloadType()).append(" telephone-event/8000\r\n")
                        .append("a=fmtp:").append(chosen.eventPayloadType()).append(" 0-15\r\n");
            }
            sdp.append("a=ptime:20\r\n").append("a=sendrecv\r\n");
        }
        return sdp.toString();
    }
}
