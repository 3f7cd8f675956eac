package jp.uketsuke.calls;

import java.time.Duration;

/** One thing said during a call; {@code offset} is from the moment the call was answered. */
public record TranscriptTurn(Speaker speaker, Duration offset, String text) {
}
