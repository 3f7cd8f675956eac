package jp.uketsuke.calls;

/**
 * A call list request that cannot be answered as asked (a bad day, an unknown status, a damaged cursor …): a 400 for
 * whoever sent it, never a wider or different list.
 *
 * @see CallListRequest
 */
public final class InvalidCallQueryException extends IllegalArgumentException {

    private final String field;

    public InvalidCallQueryException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The parameter at fault ("from", "status", "cursor" …), for a message next to the right form field. */
    public String field() {
        return field;
    }
}
