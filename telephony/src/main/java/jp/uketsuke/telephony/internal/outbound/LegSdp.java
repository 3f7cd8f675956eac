package jp.uketsuke.telephony.internal.outbound;

import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import jp.uketsuke.telephony.MediaSecurity;
import jp.uketsuke.telephony.internal.codec.AudioCodecs;
import jp.uketsuke.telephony.internal.sdp.MediaOffer;
import jp.uketsuke.telephony.internal.sdp.NegotiatedMedia;
import jp.uketsuke.telephony.internal.sdp.SdpOfferParser;
import jp.uketsuke.telephony.internal.srtp.SdesCrypto;
import jp.uketsuke.telephony.internal.srtp.SrtpMasterKey;
import jp.uketsuke.telephony.internal.srtp.SrtpSuite;

/**
 * Our SDP offer on an outbound leg (RFC 3264 section 5) and what we accept of the answer (section 6): plain RTP, or
 * RTP/SAVP with SDES keys (RFC 4568) when the leg's signalling is TLS.
 */
final class LegSdp {

    static final int EVENT_PAYLOAD_TYPE = 101;

    private LegSdp() {
    }

    /**
     * The SRTP keys an offer carries: one fresh key per suite we support, strongest first, its crypto tag being its
     * place in that order (1, 2). The answerer picks one tag; that key is then what we send with, the others are
     * destroyed.
     */
    static final class OfferedKeys implements AutoCloseable {
        private final Map<SrtpSuite, SrtpMasterKey> keys = new EnumMap<>(SrtpSuite.class);

        static OfferedKeys fresh() {
            OfferedKeys offered = new OfferedKeys();
            for (SrtpSuite suite : SrtpSuite.values()) {
                offered.keys.put(suite, SrtpMasterKey.generate(suite));
            }
            return offered;
        }

        static int tagOf(SrtpSuite suite) {
            return suite.ordinal() + 1;
        }

        /** Our key under {@code tag} if it is of {@code suite}, handed over (and no longer destroyed here). */
        synchronized Optional<SrtpMasterKey> take(int tag, SrtpSuite suite) {
            if (tagOf(suite) != tag) {
                return Optional.empty();
            }
            return Optional.ofNullable(keys.remove(suite));
        }

        @Override
        public synchronized void close() {
            keys.values().forEach(SrtpMasterKey::destroy);
            keys.clear();
        }
    }

    /** One audio stream with every codec we speak, in our order of preference, and RFC 4733 events; plain RTP. */
    static String offer(String address, int rtpPort, long sessionId) {
        return offer(address, rtpPort, sessionId, null);
    }

    /** As above; with {@code keys}, on RTP/SAVP offering each of them (RFC 4568 section 7.1.1). */
    static String offer(String address, int rtpPort, long sessionId, OfferedKeys keys) {
        StringBuilder sdp = new StringBuilder(512)
                .append("v=0\r\n")
                .append("o=uketsuke ").append(sessionId).append(" 1 IN IP4 ").append(address).append("\r\n")
                .append("s=uketsuke\r\n")
                .append("c=IN IP4 ").append(address).append("\r\n")
                .append("t=0 0\r\n")
                .append("m=audio ").append(rtpPort).append(keys == null ? " RTP/AVP" : " RTP/SAVP");
        for (String codec : AudioCodecs.PREFERENCE) {
            sdp.append(' ').append(AudioCodecs.staticPayloadType(codec));
        }
        sdp.append(' ').append(EVENT_PAYLOAD_TYPE).append("\r\n");
        for (String codec : AudioCodecs.PREFERENCE) {
            sdp.append("a=rtpmap:").append(AudioCodecs.staticPayloadType(codec)).append(' ').append(codec)
                    .append("/8000\r\n");
        }
        sdp.append("a=rtpmap:").append(EVENT_PAYLOAD_TYPE).append(" telephone-event/8000\r\n")
                .append("a=fmtp:").append(EVENT_PAYLOAD_TYPE).append(" 0-15\r\n");
        if (keys != null) {
            synchronized (keys) {
                keys.keys.forEach((suite, key) -> sdp.append("a=crypto:")
                        .append(SdesCrypto.format(OfferedKeys.tagOf(suite), key)).append("\r\n"));
            }
        }
        return sdp.append("a=ptime:20\r\n")
                .append("a=sendrecv\r\n")
                .toString();
    }

    /** What a plain offer's answer settles on; see {@link #accept(String, OfferedKeys, MediaSecurity)}. */
    static Optional<NegotiatedMedia> accept(String answer) {
        return accept(answer, null, MediaSecurity.OFF);
    }

    /**
     * The media the answer settles on: its first audio line that is not refused, and on it the first format that is
     * one we offered (the answerer sends with its first; RFC 3264 section 7). Empty when the answer is unreadable,
     * names no media address, keeps none of our codecs, or does not meet the leg's security:
     * <ul>
     * <li>to an offer with {@code keys}, an RTP/SAVP answer must carry one usable key under a tag we offered, in
     *     that tag's suite (a broken key is never taken for "no SRTP");</li>
     * <li>a plain RTP/AVP answer is taken only when SRTP is not {@link MediaSecurity#REQUIRED};</li>
     * <li>to a plain offer, only a plain answer.</li>
     * </ul>
     * The answerer's key is in {@link NegotiatedMedia#callerCrypto()}; ours is then {@link OfferedKeys#take}n.
     */
    static Optional<NegotiatedMedia> accept(String answer, OfferedKeys keys, MediaSecurity security) {
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
            SdesCrypto crypto = null;
            if (line.secure()) {
                // an answer keeps exactly one of our crypto lines (RFC 4568 section 7.1.2)
                if (keys == null || line.crypto().size() != 1) {
                    return Optional.empty();
                }
                crypto = line.crypto().getFirst();
                int tag = crypto.tag();
                SrtpSuite suite = crypto.key().suite();
                if (tag != OfferedKeys.tagOf(suite)) {
                    return Optional.empty(); // a tag we did not offer, or another suite under our tag
                }
            } else if (keys != null && security == MediaSecurity.REQUIRED) {
                return Optional.empty();
            }
            int eventType = line.formats().stream()
                    .filter(f -> f.encoding().equals("TELEPHONE-EVENT") && f.clockRate() == 8000)
                    .mapToInt(MediaOffer.Format::payloadType).findFirst().orElse(-1);
            for (MediaOffer.Format format : line.formats()) {
                if (format.clockRate() == 8000 && AudioCodecs.PREFERENCE.contains(format.encoding())
                        && AudioCodecs.staticPayloadType(format.encoding()) == format.payloadType()) {
                    return Optional.of(new NegotiatedMedia(i, format.encoding(), format.payloadType(), eventType,
                            new InetSocketAddress(line.address(), line.port()), crypto));
                }
            }
            return Optional.empty();
        }
        return Optional.empty();
    }
}
