package jp.uketsuke.notify;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One message to one destination, already cut to the destination's {@link DataLevel}: a channel formats it for its
 * protocol and sends it, and never adds to it. Never logged: its lines may hold what a caller said.
 *
 * @param id      the delivery's id; with the destination it is the idempotency key receivers may honour
 * @param subject one line: e-mail subject, card title, first line of a chat message
 * @param lines   the body, one paragraph each
 * @param link    where the call is in the console; null for a verification code or a test message
 */
public record Notice(UUID id, String subject, List<String> lines, URI link) {

    public Notice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        lines = List.copyOf(lines);
    }

    /** The subject and lines as plain text, one paragraph per line, then the link. */
    public String plainText() {
        StringBuilder text = new StringBuilder(subject);
        for (String line : lines) {
            text.append('\n').append(line);
        }
        if (link != null) {
            text.append('\n').append(link);
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return "Notice[" + id + "]";
    }
}
