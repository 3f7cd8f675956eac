package jp.uketsuke.incidents;

/** A step on an incident that was not taken, and why; the console answers 404 for NOT_FOUND, 400 otherwise. */
public class IncidentRefused extends RuntimeException {

    public enum Reason {
        /** No such incident, or one out of the viewer's reach: the same answer, so ids reveal nothing. */
        NOT_FOUND,
        /** A closed incident is read-only. */
        CLOSED,
        /** Text empty, too long or holding control characters; an awareness time in the future. */
        BAD_INPUT,
        /** The person who took a measure may not undo it. */
        SAME_PERSON,
        ALREADY_UNDONE,
        /** No such account in the incident's tenant, or no such measure on the incident. */
        NO_SUCH_TARGET,
        /** Nobody contains their own account from the incident page. */
        SELF,
        /** Only an open incident is marked contained. */
        WRONG_STATE
    }

    private final Reason reason;

    public IncidentRefused(Reason reason) {
        super(reason.name());
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
