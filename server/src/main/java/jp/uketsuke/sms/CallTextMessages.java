package jp.uketsuke.sms;

import java.util.List;
import java.util.UUID;
import jp.uketsuke.identity.Viewer;

/** The text messages sent during a call (F6), for the call's page and the API. */
public interface CallTextMessages {

    /**
     * Oldest first. Requires {@code calls:read} on the call's tenant; the read is audited ({@code sms.read}) before
     * anything is returned. A call the viewer may not see has no messages, like one that does not exist.
     */
    List<TextMessage> ofCall(Viewer viewer, UUID callId);
}
