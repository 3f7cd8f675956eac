package jp.uketsuke.handling;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.identity.Viewer;

/**
 * Callbacks someone must make (F7): tasks with a due time and an assignee, done or not. Needs {@code calls:read} in
 * the task's tenant; the number is personal data (sealed, reads audited, masked as in transcripts). Changes name the
 * task's version, are audited and publish {@link CallHandlingChanged}.
 */
public interface Callbacks {

    /** The most tasks one list returns. */
    int MAX_LIST = 500;

    /** A call's tasks, open ones first by due time, then done ones. */
    Optional<List<ShownCallback>> ofCall(Viewer viewer, UUID callId);

    /**
     * Open tasks of the viewer's tenants (or of one, {@code tenantId} not null) that are overdue or due before
     * {@code dueBefore}, earliest due first (so overdue first); only the viewer's own with {@code mine}.
     */
    List<ShownCallback> open(Viewer viewer, UUID tenantId, boolean mine, Instant dueBefore, int limit);

    /** Open tasks of the tenant due before {@code now}, for the dashboard; 0 without {@code calls:read}. Not audited: a count. */
    int overdueCount(Viewer viewer, UUID tenantId, Instant now);

    /**
     * A task made by hand on the call page. {@code number} any form {@link jp.uketsuke.tenancy.PhoneNumbers}
     * understands; {@code assignee} one of {@link CallWork#assignees}, or null for the viewer.
     */
    Optional<UUID> create(Viewer viewer, UUID callId, String number, Instant dueAt, String assignee);

    /** Marks the task done, or not done again. */
    Optional<ShownCallback> markDone(Viewer viewer, UUID taskId, int version, boolean done);

    /** Gives the task to someone else (one of {@link CallWork#assignees}, or null for nobody). */
    Optional<ShownCallback> assign(Viewer viewer, UUID taskId, int version, String assignee);
}
