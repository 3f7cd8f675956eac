package jp.uketsuke.summary;

/** How soon the caller needs an answer: HIGH when they said so (至急, 今日中, urgent …). */
public enum Urgency {
    HIGH,
    NORMAL
}
