package jp.uketsuke.voicebot;

import java.util.UUID;

/**
 * The flow each call runs: the tenant's published version, compiled once per version and shared by the calls it
 * handles; the standard flow of the tenant's language when it has published none. A publication is seen by the next
 * call on every node, since the version in use is read per call.
 */
public interface PublishedFlows {

    CompiledFlow forCall(UUID tenantId, String tenantLanguage);
}
