package jp.uketsuke.audit.internal;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * What {@code ./uketsuke audit verify} found.
 *
 * @param eventsChecked      events whose hash and link were checked
 * @param lastSeq            the highest seq stored (0 when the log is empty)
 * @param firstBrokenSeq     the first event that was altered, removed or reordered (or the first one cut off)
 * @param checkpointsChecked checkpoints whose signature was checked
 * @param lastCheckpointSeq  the seq the newest checkpoint covers (0 when there is none)
 * @param lastCheckpointAt   when the newest checkpoint was signed (null when there is none)
 * @param problems           one sentence per problem, first found first; empty when the log is intact
 */
public record AuditReport(long eventsChecked, long lastSeq, OptionalLong firstBrokenSeq, long checkpointsChecked,
                          long lastCheckpointSeq, Instant lastCheckpointAt, List<String> problems) {

    public AuditReport {
        problems = List.copyOf(problems);
    }

    public boolean intact() {
        return problems.isEmpty();
    }

    /** The report as the command prints it. */
    public String render() {
        var text = new StringBuilder();
        text.append("Operation log: ").append(eventsChecked).append(" events checked, last event #").append(lastSeq).append('\n');
        text.append("Checkpoints:   ").append(checkpointsChecked).append(" signatures checked");
        if (lastCheckpointAt != null) {
            text.append(", newest covers #").append(lastCheckpointSeq).append(" (signed ").append(lastCheckpointAt).append(')');
        }
        text.append('\n');
        if (lastSeq > lastCheckpointSeq && intact()) {
            text.append("Not yet signed: events #").append(lastCheckpointSeq + 1).append("-#").append(lastSeq)
                    .append(" (the next checkpoint will cover them)\n");
        }
        if (intact()) {
            text.append("RESULT: INTACT\n");
        } else {
            firstBrokenSeq.ifPresent(seq -> text.append("First bad event: #").append(seq).append('\n'));
            problems.forEach(p -> text.append("PROBLEM: ").append(p).append('\n'));
            text.append("RESULT: TAMPERED\n");
        }
        return text.toString();
    }
}
