package jp.uketsuke.calls;

import java.util.List;

/**
 * A call with its transcript, in the order it was spoken.
 *
 * @param purpose     what the caller said they called about (用件), or null when none was heard
 * @param flowVersion the version of the tenant's flow that answered (0: the standard one)
 * @param redacted    the turns and purpose are masked ({@link jp.uketsuke.redaction.Redactor}): the viewer does not
 *                    hold {@code transcripts:unredacted} (S8)
 */
public record CallDetail(CallSummary summary, List<TranscriptTurn> turns, String purpose, int flowVersion,
                         boolean redacted) {
}
