package jp.uketsuke.voicebot;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.identity.Viewer;

/**
 * A tenant's call flow as its administrators edit it (F9): one draft, saved freely; publishing validates the draft
 * and makes it the next numbered version, which the next call uses (calls in progress keep theirs); every published
 * version is kept, and rolling back publishes an earlier one again. Flows are sealed with the tenant's key at rest.
 * Every method needs {@code flows:edit} on the tenant and is in the operation log.
 *
 * @see FlowDocuments for the JSON form used by export and import
 */
public interface FlowEditing {

    /** The draft, or (when none is being edited) a copy of the published flow or the standard one to start from. */
    Draft draft(Viewer viewer, UUID tenantId);

    /** Saves the draft, valid or not, and says what would stop it from being published. */
    Draft saveDraft(Viewer viewer, UUID tenantId, Flow flow);

    /** Reads a JSON document (any schema) into the draft; a malformed one changes nothing. */
    Draft importDraft(Viewer viewer, UUID tenantId, byte[] document);

    /** The draft as a JSON document of the current schema. */
    byte[] exportDraft(Viewer viewer, UUID tenantId);

    /** A published version as a JSON document. */
    byte[] exportVersion(Viewer viewer, UUID tenantId, int version);

    /**
     * Publishes the draft as a new version.
     *
     * @throws FlowRejected when validation finds problems; nothing changes then
     */
    Version publish(Viewer viewer, UUID tenantId);

    /** Makes an earlier version the published one again (as it was; the draft is left alone). */
    Version rollBack(Viewer viewer, UUID tenantId, int version);

    /** Published versions, newest first, the one in use marked. */
    List<Version> versions(Viewer viewer, UUID tenantId);

    Optional<Flow> version(Viewer viewer, UUID tenantId, int version);

    /**
     * Runs the draft (or, with a version number, that version) against typed turns. Writes no call record.
     *
     * @param version 0 for the draft
     * @param at      the moment the call is imagined at (hours nodes), or null for now
     */
    Simulation simulate(Viewer viewer, UUID tenantId, int version, List<CallerTurn> turns, String callerNumber,
                        boolean staffAnswers, Instant at);

    /** The draft and what validation says of it. */
    record Draft(Flow flow, List<FlowProblem> problems, Instant savedAt, Integer basedOn) {
        public Draft {
            problems = List.copyOf(problems);
        }

        public boolean publishable() {
            return problems.isEmpty();
        }
    }

    /** A published version. */
    record Version(int number, Instant publishedAt, String publishedBy, boolean inUse) {
    }

    /** Publishing refused: the problems say which nodes to fix. */
    final class FlowRejected extends IllegalArgumentException {
        private final List<FlowProblem> problems;

        public FlowRejected(List<FlowProblem> problems) {
            super("the flow cannot be published: " + problems.stream().map(FlowProblem::toString)
                    .reduce((a, b) -> a + "; " + b).orElse(""));
            this.problems = List.copyOf(problems);
        }

        public List<FlowProblem> problems() {
            return problems;
        }
    }
}
