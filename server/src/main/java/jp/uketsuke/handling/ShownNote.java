package jp.uketsuke.handling;

import java.time.Instant;
import java.util.UUID;
import jp.uketsuke.summary.PurposeCategory;

/**
 * A note as one viewer may see it: for a viewer without {@code transcripts:unredacted} (S8) the name is withheld
 * ({@code nameHidden} says one was given) and the company, text and number are masked as transcripts are.
 */
public record ShownNote(UUID id, UUID callId, String author, Instant createdAt, String callerName, boolean nameHidden,
                        String company, PurposeCategory category, String text, boolean callbackNeeded,
                        String callbackNumber, Instant callbackBy, boolean masked) {
}
