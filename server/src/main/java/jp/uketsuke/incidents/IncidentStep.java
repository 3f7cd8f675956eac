package jp.uketsuke.incidents;

import java.time.Instant;

/**
 * One row of an incident's timeline; each was also one event of the operation log.
 *
 * @param detail a measure and its target, or a state; never personal data beyond a user name
 * @param note   the words of a note, opened; null for other steps
 */
public record IncidentStep(int seq, Instant at, String actor, Kind kind, String detail, String note) {

    public enum Kind {
        OPENED, NOTE, CONTAINMENT_TAKEN, CONTAINMENT_UNDONE, CONTAINED, CLOSED
    }
}
