package jp.uketsuke.voicebot;

/** What came back from the caller after the bot asked something. */
public sealed interface Heard {

    /** Words recognised (or, in the simulator, typed). */
    record Words(String text) implements Heard {
    }

    /** A key pressed (RFC 4733 or typed): 0-9, * or #. */
    record Key(char digit) implements Heard {
    }

    /** Nothing within the wait. */
    record Silence() implements Heard {
    }

    /** The caller hung up. */
    record Ended() implements Heard {
    }
}
