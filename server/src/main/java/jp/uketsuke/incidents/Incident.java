package jp.uketsuke.incidents;

import java.time.Instant;
import java.util.UUID;

/**
 * One security incident (インシデント) of one affected tenant, opened. {@code known}, {@code cause} and
 * {@code prevention} are opened from their sealed form; {@code cause} and {@code prevention} are null until closed.
 *
 * @param awareAt when the business became aware: the report deadlines run from it
 */
public record Incident(UUID id, UUID tenantId, IncidentKind kind, String title, String known, boolean unlawfulPurpose,
                       String handler, IncidentState state, Instant awareAt, Instant openedAt, Instant closedAt,
                       String cause, String prevention) {

    public IncidentDeadlines deadlines() {
        return IncidentDeadlines.from(awareAt, unlawfulPurpose);
    }

    public boolean closed() {
        return state == IncidentState.CLOSED;
    }
}
