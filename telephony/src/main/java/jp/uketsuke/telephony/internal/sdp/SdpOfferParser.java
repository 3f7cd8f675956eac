package jp.uketsuke.telephony.internal.sdp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Vector;
import javax.sdp.Attribute;
import javax.sdp.Connection;
import javax.sdp.Media;
import javax.sdp.MediaDescription;
import javax.sdp.SdpException;
import javax.sdp.SdpFactory;
import javax.sdp.SessionDescription;
import jp.uketsuke.telephony.internal.codec.AudioCodecs;
import jp.uketsuke.telephony.internal.srtp.SdesCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads an SDP offer with the JAIN-SIP SDP parser and checks what that parser lets through. */
public final class SdpOfferParser {

    /** The offer cannot be used; the message is safe to log (no content from the offer). */
    public static final class InvalidOfferException extends Exception {
        public InvalidOfferException(String message) {
            super(message);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(SdpOfferParser.class);
    private static final int MAX_MEDIA_LINES = 8;
    private static final int MAX_FORMATS = 32;
    private static final int MAX_CRYPTO = 16;

    private SdpOfferParser() {
    }

    public static MediaOffer parse(String sdp) throws InvalidOfferException {
        if (sdp == null || sdp.isBlank()) {
            throw new InvalidOfferException("empty SDP");
        }
        try {
            SessionDescription session = SdpFactory.getInstance().createSessionDescription(sdp);
            if (session.getVersion() == null || session.getOrigin() == null) {
                throw new InvalidOfferException("SDP without v= or o=");
            }
            InetAddress sessionAddress = address(session.getConnection());
            @SuppressWarnings("unchecked")
            Vector<MediaDescription> descriptions = session.getMediaDescriptions(false);
            if (descriptions == null || descriptions.isEmpty() || descriptions.size() > MAX_MEDIA_LINES) {
                throw new InvalidOfferException("SDP needs 1 to " + MAX_MEDIA_LINES + " m= lines");
            }
            List<MediaOffer.MediaLine> lines = new ArrayList<>();
            for (MediaDescription description : descriptions) {
                lines.add(line(description, sessionAddress));
            }
            return new MediaOffer(session.getOrigin().getSessionId(), List.copyOf(lines));
        } catch (SdpException | RuntimeException e) {
            throw new InvalidOfferException("unparsable SDP (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static MediaOffer.MediaLine line(MediaDescription description, InetAddress sessionAddress)
            throws SdpException, InvalidOfferException {
        Media media = description.getMedia();
        int port = media.getMediaPort();
        if (port < 0 || port > 65535) {
            throw new InvalidOfferException("m= port out of range");
        }
        @SuppressWarnings("unchecked")
        Vector<String> formatNumbers = media.getMediaFormats(false);
        if (formatNumbers == null || formatNumbers.isEmpty() || formatNumbers.size() > MAX_FORMATS) {
            throw new InvalidOfferException("m= line needs 1 to " + MAX_FORMATS + " formats");
        }
        InetAddress mediaAddress = address(description.getConnection());
        InetAddress effective = mediaAddress != null ? mediaAddress : sessionAddress;
        String kind = media.getMediaType().toLowerCase(Locale.ROOT);
        String protocol = media.getProtocol();
        boolean secure = "RTP/SAVP".equalsIgnoreCase(protocol);
        if (!kind.equals("audio") || !secure && !"RTP/AVP".equalsIgnoreCase(protocol)) {
            return new MediaOffer.MediaLine(kind, port, protocol, List.of(), effective, formatNumbers.get(0).strip());
        }
        if (effective == null) {
            throw new InvalidOfferException("audio without c= address");
        }
        Map<Integer, MediaOffer.Format> rtpmaps = rtpmaps(description);
        List<MediaOffer.Format> formats = new ArrayList<>();
        for (String number : formatNumbers) {
            int payloadType = payloadType(number);
            MediaOffer.Format format = rtpmaps.get(payloadType);
            if (format == null) {
                format = AudioCodecs.nameOfStaticPayloadType(payloadType)
                        .map(name -> new MediaOffer.Format(payloadType, name, 8000))
                        .orElse(new MediaOffer.Format(payloadType, "", 0));
            }
            formats.add(format);
        }
        return new MediaOffer.MediaLine(kind, port, protocol, List.copyOf(formats), effective,
                formatNumbers.get(0).strip(), secure, secure ? crypto(description) : List.of());
    }

    /** The line's a=crypto keys we can use; unusable ones are skipped (the caller may offer alternatives). */
    private static List<SdesCrypto> crypto(MediaDescription description) throws SdpException, InvalidOfferException {
        @SuppressWarnings("unchecked")
        Vector<Attribute> attributes = description.getAttributes(false);
        List<SdesCrypto> usable = new ArrayList<>();
        if (attributes == null) {
            return usable;
        }
        int seen = 0;
        for (Attribute attribute : attributes) {
            if (!"crypto".equalsIgnoreCase(attribute.getName())) {
                continue;
            }
            if (++seen > MAX_CRYPTO) {
                throw new InvalidOfferException("more than " + MAX_CRYPTO + " crypto attributes on one m= line");
            }
            try {
                usable.add(SdesCrypto.parse(attribute.getValue()));
            } catch (SdesCrypto.UnusableCryptoException e) {
                log.debug("a=crypto skipped: {}", e.getMessage());
            }
        }
        return List.copyOf(usable);
    }

    private static Map<Integer, MediaOffer.Format> rtpmaps(MediaDescription description) throws SdpException {
        Map<Integer, MediaOffer.Format> result = new HashMap<>();
        @SuppressWarnings("unchecked")
        Vector<Attribute> attributes = description.getAttributes(false);
        if (attributes == null) {
            return result;
        }
        for (Attribute attribute : attributes) {
            if (!"rtpmap".equalsIgnoreCase(attribute.getName()) || attribute.getValue() == null) {
                continue;
            }
            // "<pt> <encoding>/<clock>[/<channels>]"
            String[] parts = attribute.getValue().strip().split("\\s+", 2);
            if (parts.length != 2) {
                continue;
            }
            String[] encoding = parts[1].split("/");
            if (encoding.length < 2) {
                continue;
            }
            try {
                int payloadType = payloadType(parts[0]);
                int clock = Integer.parseInt(encoding[1].strip());
                result.put(payloadType, new MediaOffer.Format(payloadType,
                        encoding[0].strip().toUpperCase(Locale.ROOT), clock));
            } catch (InvalidOfferException | NumberFormatException ignoredMap) {
                // an unreadable rtpmap only hides that one format
            }
        }
        return result;
    }

    private static int payloadType(String number) throws InvalidOfferException {
        try {
            int value = Integer.parseInt(number.strip());
            if (value < 0 || value > 127) {
                throw new InvalidOfferException("payload type out of range");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidOfferException("payload type is not a number");
        }
    }

    private static InetAddress address(Connection connection) throws SdpException, InvalidOfferException {
        if (connection == null) {
            return null;
        }
        if (!"IN".equalsIgnoreCase(connection.getNetworkType())
                || !"IP4".equalsIgnoreCase(connection.getAddressType())) {
            throw new InvalidOfferException("only IN IP4 connection addresses are supported");
        }
        String text = connection.getAddress();
        if (text == null || !text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            // no host names: resolving one would let a caller make us do DNS look-ups
            throw new InvalidOfferException("c= address is not an IPv4 literal");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new InvalidOfferException("c= address is not an IPv4 literal");
        }
    }
}
