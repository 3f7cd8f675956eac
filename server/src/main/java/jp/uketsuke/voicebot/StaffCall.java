package jp.uketsuke.voicebot;

import java.time.Duration;

/**
 * One attempt of a transfer node to reach staff: one extension or one number.
 *
 * @param announce said to the caller before staff's phone rings, when a phone can be reached; null on a further
 *                 attempt of the same transfer
 */
public record StaffCall(TransferTo to, Node.Transfer.Mode mode, Duration noAnswer, Prompt announce, String language) {

    /** How it went. */
    public enum Result {
        /** Staff took the call (bridged and since ended, or referred): the bot's part is over. */
        HANDED_OVER,
        /** No phone or trunk for the target can be called now. */
        UNREACHABLE,
        /** It rang out, was refused or failed; the caller is still with the bot. */
        NOT_ANSWERED,
        /** The caller hung up meanwhile. */
        CALLER_LEFT
    }
}
