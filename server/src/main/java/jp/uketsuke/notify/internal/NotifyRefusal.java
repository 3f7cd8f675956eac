package jp.uketsuke.notify.internal;

/**
 * A console request that cannot be done as asked: {@code messageKey} names the reason in the message bundles, or
 * {@code detail} carries a channel's own explanation ({@link jp.uketsuke.notify.InvalidDestination}).
 */
final class NotifyRefusal extends RuntimeException {

    private final String messageKey;
    private final String detail;

    NotifyRefusal(String messageKey) {
        this(messageKey, null);
    }

    NotifyRefusal(String messageKey, String detail) {
        super(messageKey, null, false, false);
        this.messageKey = messageKey;
        this.detail = detail;
    }

    String messageKey() {
        return messageKey;
    }

    String detail() {
        return detail;
    }

    /** What was asked for is not there, or not the viewer's to see: 404, the same either way. */
    static final class NotFound extends RuntimeException {
        NotFound() {
            super("not found", null, false, false);
        }
    }
}
