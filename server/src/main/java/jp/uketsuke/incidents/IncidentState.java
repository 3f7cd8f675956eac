package jp.uketsuke.incidents;

/** OPEN → CONTAINED → CLOSED; a closed incident is read-only. */
public enum IncidentState {
    OPEN, CONTAINED, CLOSED
}
