package jp.uketsuke.voicebot;

import java.util.Optional;
import java.util.UUID;

/** Each tenant's call flow and FAQ. */
public interface CallFlows {

    Optional<CallFlow> forTenant(UUID tenantId);

    void save(UUID tenantId, CallFlow flow);
}
