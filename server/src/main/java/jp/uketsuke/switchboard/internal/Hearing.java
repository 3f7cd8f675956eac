package jp.uketsuke.switchboard.internal;

import java.time.Duration;
import jp.uketsuke.speech.SpeechRecognizer;
import jp.uketsuke.speech.UtteranceDetector;

/**
 * How the bot hears callers: the recogniser (null: keypad only) and the silence that ends a caller's turn. That
 * silence is most of the bot's reply latency (measured in docs/PERFORMANCE.md): long enough not to cut a caller off
 * at the pauses between phrases (、), short enough that the answer follows at once.
 */
record Hearing(SpeechRecognizer recognizer, Duration endOfTurn) {

    static final Duration DEFAULT_END_OF_TURN = Duration.ofMillis(500);

    Hearing {
        if (endOfTurn == null || endOfTurn.toMillis() < 200 || endOfTurn.toMillis() > 3000) {
            throw new IllegalArgumentException("uketsuke.speech.end-of-turn must be 200 ms to 3 s");
        }
    }

    static Hearing keypadOnly() {
        return new Hearing(null, DEFAULT_END_OF_TURN);
    }

    /** A detector of caller turns at the call's rate. */
    UtteranceDetector turns(int sampleRate) {
        return new UtteranceDetector(sampleRate, UtteranceDetector.Settings.defaults().withTrailingSilence(endOfTurn));
    }
}
