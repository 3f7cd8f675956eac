package jp.uketsuke.notify;

/**
 * How much personal data a destination receives (S8). A chat room or a shared mailbox is read by more people than the
 * console, so the default is {@link #SUMMARY}; {@link #FULL} may be chosen only by someone who holds
 * {@code transcripts:unredacted} for the tenant.
 */
public enum DataLevel {
    /** Only that there is a call, its outcome, and a link to it in the console. */
    LINK,
    /** The call's summary and purpose, with every number and address masked (the default). */
    SUMMARY,
    /** The summary and the whole transcript, unmasked. */
    FULL
}
