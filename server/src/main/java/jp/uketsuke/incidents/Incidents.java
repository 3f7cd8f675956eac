package jp.uketsuke.incidents;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.notify.DestinationContainment;

/**
 * Security incidents (S10) for holders of {@code incidents:manage} in the affected tenant. Every step is one row of the
 * incident's timeline and one event of the operation log; reads of the sealed text are audited too. An incident out of
 * the viewer's reach is {@link IncidentRefused.Reason#NOT_FOUND}, like an unknown one.
 */
public interface Incidents {

    int MAX_TITLE = 120;
    int MAX_TEXT = 4000;
    int MAX_NOTE = 2000;

    /** Opens an incident handled by the viewer. */
    Incident open(Viewer viewer, UUID tenantId, IncidentKind kind, String title, String known, boolean unlawfulPurpose,
                  Instant awareAt);

    /** Incidents of the viewer's tenants, open ones first then newest; titles only, nothing sealed is opened. */
    List<Incident> list(Viewer viewer);

    /** One incident with what is known, audited as a read. */
    Incident find(Viewer viewer, UUID incidentId);

    List<IncidentStep> timeline(Viewer viewer, UUID incidentId);

    List<Containment> containments(Viewer viewer, UUID incidentId);

    void addNote(Viewer viewer, UUID incidentId, String note);

    /** OPEN → CONTAINED. */
    void markContained(Viewer viewer, UUID incidentId);

    /** → CLOSED, recording the cause and what will prevent it happening again. */
    void close(Viewer viewer, UUID incidentId, String cause, String prevention);

    /**
     * Takes a measure at once, audited: on a user account of the incident's tenant ({@code target} its user name), or on
     * one of its notification destinations ({@code target} the destination's id).
     */
    Containment contain(Viewer viewer, UUID incidentId, ContainmentMeasure measure, String target);

    /** The notification destinations of the incident's tenant, for the containment form. */
    List<DestinationContainment.DestinationRef> destinations(Viewer viewer, UUID incidentId);

    /** Undoes a measure: only someone other than who took it, once. */
    Containment undo(Viewer viewer, UUID incidentId, UUID containmentId);
}
