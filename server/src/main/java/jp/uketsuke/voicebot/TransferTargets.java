package jp.uketsuke.voicebot;

import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.telephony.Destination;

/**
 * Where a tenant's transfers can reach staff right now. Configuration answers for the moment; the registrar (a
 * registered staff phone's contact) and the tenant's trunk take over without the flow changing.
 */
public interface TransferTargets {

    /** The tenant's staff phone with this extension, where it can be called now; empty when it cannot. */
    Optional<Destination> staffPhone(UUID tenantId, String extension);

    /** An outside number through the trunk this tenant calls out on; empty when it has none. */
    Optional<Destination> number(UUID tenantId, String number);
}
