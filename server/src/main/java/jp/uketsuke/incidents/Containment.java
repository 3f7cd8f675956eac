package jp.uketsuke.incidents;

import java.time.Instant;
import java.util.UUID;

/** A containment measure taken on an incident; {@code undoneBy} is never {@code takenBy}. */
public record Containment(UUID id, UUID incidentId, ContainmentMeasure measure, String target, String takenBy,
                          Instant takenAt, String undoneBy, Instant undoneAt) {

    public boolean undone() {
        return undoneAt != null;
    }
}
