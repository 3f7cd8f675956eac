package jp.uketsuke.voicebot;

import java.time.Duration;
import java.util.List;

/**
 * How the bot listens after a prompt.
 *
 * @param phrases what callers are expected to say here: a grammar for engines that need one, hints for the rest;
 *                empty for open dictation
 * @param timeout how long the caller may stay silent after the prompt ends
 */
public record Listening(List<String> phrases, Duration timeout) {

    public Listening {
        phrases = List.copyOf(phrases);
    }
}
