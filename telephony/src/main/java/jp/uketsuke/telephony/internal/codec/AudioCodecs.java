package jp.uketsuke.telephony.internal.codec;

import java.util.List;
import java.util.Optional;

/** The codecs Uketsuke speaks, in order of preference. */
public final class AudioCodecs {

    /** Preference when the caller offers several: wideband first, then the Japanese/US G.711 law. */
    public static final List<String> PREFERENCE = List.of("G722", "PCMU", "PCMA");

    private AudioCodecs() {
    }

    public static Optional<AudioCodec> create(String name) {
        return Optional.ofNullable(switch (name.toUpperCase(java.util.Locale.ROOT)) {
            case "G722" -> new G722Codec();
            case "PCMU" -> new G711Codec("PCMU", 0, MuLaw::encode, MuLaw::decode);
            case "PCMA" -> new G711Codec("PCMA", 8, ALaw::encode, ALaw::decode);
            default -> null;
        });
    }

    /** Static payload type for one of our codecs, or -1. */
    public static int staticPayloadType(String name) {
        return switch (name.toUpperCase(java.util.Locale.ROOT)) {
            case "G722" -> 9;
            case "PCMU" -> 0;
            case "PCMA" -> 8;
            default -> -1;
        };
    }

    /** Codec name for a static payload type, when the offer has no rtpmap for it. */
    public static Optional<String> nameOfStaticPayloadType(int pt) {
        return switch (pt) {
            case 0 -> Optional.of("PCMU");
            case 8 -> Optional.of("PCMA");
            case 9 -> Optional.of("G722");
            default -> Optional.empty();
        };
    }
}
