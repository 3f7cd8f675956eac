package jp.uketsuke.voicebot;

import java.util.Set;
import java.util.UUID;

/**
 * What this installation offers flows, from the modules that own it: the languages its synthesizers speak, a
 * tenant's phones, a tenant's recorded prompts. Validation refuses a flow that names anything else (another
 * tenant's phone, a language nobody can speak).
 */
public interface FlowResources {

    /** Primary language subtags prompts can be spoken in ("en", "ja"). */
    Set<String> languages();

    /** Extensions of the tenant's staff phones and of desk phones configured for it. */
    Set<String> extensions(UUID tenantId);

    /** Ids of the tenant's uploaded prompt recordings. */
    Set<String> recordedPrompts(UUID tenantId);

    default FlowCapabilities capabilities(UUID tenantId) {
        return new FlowCapabilities(languages(), recordedPrompts(tenantId), extensions(tenantId));
    }
}
