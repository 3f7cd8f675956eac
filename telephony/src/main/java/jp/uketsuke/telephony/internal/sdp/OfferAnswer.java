package jp.uketsuke.telephony.internal.sdp;

import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import jp.uketsuke.telephony.MediaSecurity;
import jp.uketsuke.telephony.internal.codec.AudioCodecs;
import jp.uketsuke.telephony.internal.srtp.SdesCrypto;
import jp.uketsuke.telephony.internal.srtp.SrtpMasterKey;

/** SDP offer/answer (RFC 3264) for our single audio stream, plain (RTP/AVP) or encrypted (RTP/SAVP, RFC 4568). */
public final class OfferAnswer {

    private OfferAnswer() {
    }

    /**
     * Whether we could answer the offer at all: the line {@link MediaSecurity#PREFERRED} would pick over
     * plain signalling (a plain line first, else an encrypted one). Empty when no line has a common codec.
     */
    public static Optional<NegotiatedMedia> negotiate(MediaOffer offer) {
        return negotiate(offer, MediaSecurity.PREFERRED, false);
    }

    /**
     * Picks the audio line the policy allows and our most preferred codec on it; on an encrypted line also
     * the strongest crypto suite the caller offered there. Empty when the policy cannot be met.
     *
     * @param overTls whether the INVITE came over TLS; SDES keys sent in clear signalling protect nothing
     */
    public static Optional<NegotiatedMedia> negotiate(MediaOffer offer, MediaSecurity security, boolean overTls) {
        return switch (security) {
            case REQUIRED -> overTls ? pick(offer, true) : Optional.empty();
            case OFF -> pick(offer, false);
            case PREFERRED -> pick(offer, overTls).or(() -> pick(offer, !overTls));
        };
    }

    private static Optional<NegotiatedMedia> pick(MediaOffer offer, boolean encrypted) {
        for (int i = 0; i < offer.lines().size(); i++) {
            MediaOffer.MediaLine line = offer.lines().get(i);
            if (!line.media().equals("audio") || line.port() == 0 || line.formats().isEmpty()
                    || line.secure() != encrypted || encrypted && line.crypto().isEmpty()) {
                continue;
            }
            SdesCrypto crypto = encrypted ? strongest(line.crypto()) : null;
            int eventType = line.formats().stream()
                    .filter(f -> f.encoding().equals("TELEPHONE-EVENT") && f.clockRate() == 8000)
                    .mapToInt(MediaOffer.Format::payloadType).findFirst().orElse(-1);
            for (String codec : AudioCodecs.PREFERENCE) {
                Optional<MediaOffer.Format> match = line.formats().stream()
                        .filter(f -> f.encoding().equals(codec) && f.clockRate() == 8000).findFirst();
                if (match.isPresent()) {
                    return Optional.of(new NegotiatedMedia(i, codec, match.get().payloadType(), eventType,
                            new InetSocketAddress(line.address(), line.port()), crypto));
                }
            }
        }
        return Optional.empty();
    }

    /** The caller's first key of the strongest suite it offered ({@link jp.uketsuke.telephony.internal.srtp.SrtpSuite} is ordered so). */
    private static SdesCrypto strongest(List<SdesCrypto> offered) {
        return offered.stream().min(Comparator.comparing(c -> c.key().suite())).orElseThrow();
    }

    /** Our answer for plain RTP: the chosen audio line with our port, every other offered line refused. */
    public static String answer(MediaOffer offer, NegotiatedMedia chosen, String address, int rtpPort,
                                long sessionVersion) {
        return answer(offer, chosen, address, rtpPort, sessionVersion, null);
    }

    /**
     * Our answer: the chosen audio line with our port, every other offered line refused with port 0. On an
     * encrypted line {@code ourKey} (fresh for this call, same suite) goes out under the caller's crypto tag.
     */
    public static String answer(MediaOffer offer, NegotiatedMedia chosen, String address, int rtpPort,
                                long sessionVersion, SrtpMasterKey ourKey) {
        if (chosen.encrypted() != (ourKey != null)) {
            throw new IllegalArgumentException("an encrypted line needs our key, a plain one must not get one");
        }
        StringBuilder sdp = new StringBuilder(400)
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
                String protocol = line.protocol().matches("[A-Za-z0-9/._-]{1,32}") ? line.protocol() : "RTP/AVP";
                sdp.append("m=").append(line.media()).append(" 0 ").append(protocol).append(' ')
                        .append(format).append("\r\n");
                continue;
            }
            sdp.append("m=audio ").append(rtpPort).append(chosen.encrypted() ? " RTP/SAVP " : " RTP/AVP ")
                    .append(chosen.payloadType());
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
            if (chosen.encrypted()) {
                sdp.append("a=crypto:").append(SdesCrypto.format(chosen.callerCrypto().tag(), ourKey)).append("\r\n");
            }
            sdp.append("a=ptime:20\r\n").append("a=sendrecv\r\n");
        }
        return sdp.toString();
    }
}
