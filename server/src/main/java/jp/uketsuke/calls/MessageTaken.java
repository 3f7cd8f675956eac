package jp.uketsuke.calls;

import java.util.UUID;

/** A caller left a message: someone should call them back. Ids only, like {@link CallCompleted}. */
public record MessageTaken(UUID callId, UUID tenantId) {
}
