package jp.uketsuke.identity.internal;

/** Where the account lifecycle's e-mails leave: one plain-text message at a time. */
interface OutgoingMail {

    /** False when no mail server is configured; then nothing can be sent and callers fall back. */
    boolean configured();

    /** @return whether the mail server accepted the message */
    boolean send(String to, String subject, String body);
}
