package jp.uketsuke.voicebot;

import java.time.Duration;

/**
 * What the flow engine needs of a call: a phone call (audio, keys, recognition, SIP transfers) or the simulator's
 * typed turns. Everything said on both sides goes into the call's transcript by the line, as it happens.
 */
public interface Line {

    /**
     * Says a prompt to its end, or until the caller interrupts by speaking or pressing a key (barge-in); what they
     * said or pressed is kept for the next {@link #listen}.
     */
    void say(Prompt prompt, String language) throws InterruptedException;

    /**
     * Says a prompt (interruptible) and waits for the caller's answer; with a null prompt it only waits (the next key
     * of a number being keyed in).
     */
    Heard listen(Prompt prompt, String language, Listening listening) throws InterruptedException;

    /** Says a prompt and takes what the caller says for up to {@code max} as a message (voicemail). */
    Heard takeMessage(Prompt prompt, String language, Duration max) throws InterruptedException;

    /** Tries to hand the caller to one staff phone or number. */
    StaffCall.Result transfer(StaffCall call) throws InterruptedException;

    /** A step of the call that is not speech (a branch taken, a transfer), in the transcript where it happened. */
    void note(String step);

    boolean isActive();

    /** The engine is about to run {@code node}; the simulator shows it beside the turns, a phone call needs nothing. */
    default void entering(Node node) {
    }
}
