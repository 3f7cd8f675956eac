package jp.uketsuke.handling;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.calls.CallStatus;
import jp.uketsuke.identity.TenantStaff;
import jp.uketsuke.identity.Viewer;

/**
 * A call's status, assignee and tags (F7). Every method needs {@code calls:read} in the call's tenant; a call the viewer
 * may not see is empty, like one that does not exist. Every change names the {@link CallHandling#version()} it was
 * made from, is audited, and publishes {@link CallHandlingChanged}.
 *
 * @throws HandlingRefused from the changing methods: stale version, a step outside the workflow, bad input
 */
public interface CallWork {

    Optional<CallHandling> handling(Viewer viewer, UUID callId);

    Optional<CallHandling> moveTo(Viewer viewer, UUID callId, int version, CallStatus status);

    /** {@code assignee} an actor among {@link #assignees}, or null for nobody. */
    Optional<CallHandling> assign(Viewer viewer, UUID callId, int version, String assignee);

    /** Adds one tag (normalised; already there: nothing changes), at most {@link Tags#MAX_PER_CALL} per call. */
    Optional<CallHandling> tag(Viewer viewer, UUID callId, int version, String tag);

    Optional<CallHandling> untag(Viewer viewer, UUID callId, int version, String tag);

    /** Who a call of the tenant may be given to: its staff holding {@code calls:read}. Empty without it. */
    List<TenantStaff.Member> assignees(Viewer viewer, UUID tenantId);

    /** The tags the tenant's calls carry, most used first, for suggestions. Empty without {@code calls:read}. */
    List<String> tenantTags(Viewer viewer, UUID tenantId);
}
