package jp.uketsuke.telephony.internal.trunk;

import java.net.InetAddress;
import java.util.List;
import jp.uketsuke.telephony.Trunk;

/** The configured trunks, looked up by the address a request came from. Immutable, so read without locks. */
public final class TrunkTable {

    private final List<Trunk> trunks;

    public TrunkTable(List<Trunk> trunks) {
        this.trunks = List.copyOf(trunks);
    }

    /** Every trunk whose allowed sources include {@code source}, in configuration order; empty for a stranger. */
    public List<Trunk> sending(InetAddress source) {
        if (source == null) {
            return List.of();
        }
        return trunks.stream().filter(trunk -> trunk.sendsFrom(source)).toList();
    }

    public int size() {
        return trunks.size();
    }
}
