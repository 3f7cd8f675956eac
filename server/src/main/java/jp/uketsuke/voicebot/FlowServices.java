package jp.uketsuke.voicebot;

/**
 * What the engine asks of other modules during a call, beside the line: whether the caller is selling something
 * (F4), and sending the caller a text message (F6). A phone call gets the real ones; the simulator gets real
 * screening and texts that are shown, never sent.
 */
public record FlowServices(CallerScreening screening, TextMessaging texts) {

    /** Nothing configured: no caller is screened out and no text can be sent. */
    public static final FlowServices NONE = new FlowServices(CallerScreening.NONE, TextMessaging.NONE);
}
