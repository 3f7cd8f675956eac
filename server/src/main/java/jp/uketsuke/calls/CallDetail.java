package jp.uketsuke.calls;

import java.util.List;

/** A call with its transcript, in the order it was spoken. */
public record CallDetail(CallSummary summary, List<TranscriptTurn> turns) {
}
