package jp.uketsuke.switchboard;

import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.telephony.Destination;

/** Where a tenant's transfers can reach staff right now: a registered staff phone, or a number through a trunk. */
public interface TransferTargets {

    /** The tenant's staff phone with this extension, where it can be called now; empty when it cannot. */
    Optional<Destination> staffPhone(UUID tenantId, String extension);

    /**
     * An outside number, through the trunk that serves {@code line} (the tenant's number the caller dialled); empty
     * when there is none.
     */
    Optional<Destination> number(UUID tenantId, String line, String number);
}
