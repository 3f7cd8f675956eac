package jp.uketsuke.console.internal;

import jp.uketsuke.calls.TranscriptTurn;

/** One line of a transcript: who spoke, when (mm:ss from the answer) and what was said. */
record TurnView(String speakerKey, String speakerClass, String offset, String text) {

    static TurnView of(TranscriptTurn turn) {
        long s = turn.offset() == null ? 0 : Math.max(0, turn.offset().toSeconds());
        return new TurnView("speaker." + turn.speaker().name(), turn.speaker().name().toLowerCase(java.util.Locale.ROOT),
                "%02d:%02d".formatted(s / 60, s % 60), turn.text());
    }
}
