package jp.uketsuke.screening;

/** What a tenant does with callers who withhold their number (非通知) at a screen node (F4). */
public enum AnonymousPolicy {
    /** Let through without screening: e.g. patients calling from hospitals and offices that withhold numbers. */
    ALLOW,
    /** Screened by their words like everyone else (the default). */
    JUDGE,
    /** Declined before anything is asked. */
    DECLINE
}
