package jp.uketsuke.telephony.peers;

import java.util.List;
import java.util.stream.Stream;
import jp.uketsuke.telephony.AddressRange;
import jp.uketsuke.telephony.PeerSettings;
import jp.uketsuke.telephony.Trunk;

/**
 * The trunk test callers call through: SIPp and baresip send from 127.0.0.1, so that address is a trunk. Other
 * loopback addresses (127.0.0.2 …) stay strangers, for tests of what strangers get.
 */
public final class LoopbackTrunk {

    private LoopbackTrunk() {
    }

    public static Trunk trunk() {
        return new Trunk("loopback", "127.0.0.1", 5060, "UDP", null, List.of(AddressRange.parse("127.0.0.1")),
                List.of());
    }

    public static PeerSettings peers() {
        return PeerSettings.defaults().withTrunks(List.of(trunk()));
    }

    /** A trunk sending from each of {@code addresses} (loopback addresses other than 127.0.0.1, for tests of sources). */
    public static PeerSettings peers(String... addresses) {
        return PeerSettings.defaults().withTrunks(List.of(new Trunk("loopback", "127.0.0.1", 5060, "UDP", null,
                Stream.of(addresses).map(AddressRange::parse).toList(), List.of())));
    }
}
