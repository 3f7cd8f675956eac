package jp.uketsuke.exports;

/** An export request step that may not happen, with the reason a person is told. Every refusal is audited. */
public final class ExportRefused extends RuntimeException {

    public enum Reason {
        /** No such request in the viewer's reach: answered as absent, like any other id. */
        NOT_FOUND,
        /** Four-eyes is on: a direct download is not allowed, a request must be approved first. */
        APPROVAL_REQUIRED,
        /** Nobody approves their own request. */
        OWN_REQUEST,
        /** Only the person who asked downloads the export. */
        NOT_REQUESTER,
        /** Already approved or rejected. */
        ALREADY_DECIDED,
        /** Not approved (yet). */
        NOT_APPROVED,
        REJECTED,
        /** Downloaded once already. */
        ALREADY_DOWNLOADED,
        EXPIRED,
        /** The reason is missing or too long. */
        BAD_REASON
    }

    private final Reason reason;

    public ExportRefused(Reason reason) {
        super(reason.name());
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
