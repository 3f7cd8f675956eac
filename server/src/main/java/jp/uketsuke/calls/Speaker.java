package jp.uketsuke.calls;

public enum Speaker {
    CALLER,
    BOT
}
