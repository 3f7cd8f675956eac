package jp.uketsuke.handling;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.identity.Viewer;

/**
 * Structured notes on a call (F7). Notes are personal data: sealed with the tenant's key, every read audited
 * ({@code call.notes.read}, {@code .unredacted} when shown whole), masked for viewers without
 * {@code transcripts:unredacted}. A note is never changed or removed by staff: a correction is a new note.
 * Needs {@code calls:read} in the call's tenant; a call the viewer may not see is empty, like one that does not exist.
 */
public interface CallNotes {

    /** Newest first. */
    Optional<List<ShownNote>> notes(Viewer viewer, UUID callId);

    /**
     * Adds a note by the viewer; with a callback needed and a time it also makes a callback task (given to the call's
     * assignee, else to the author). Audited, publishes {@link CallHandlingChanged}.
     *
     * @return the new note's id
     */
    Optional<UUID> add(Viewer viewer, UUID callId, NoteInput note);
}
