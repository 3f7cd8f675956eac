package jp.uketsuke.exports;

/** Where an export request stands: asked, then approved or rejected by a second person, then downloaded once. */
public enum ExportState {
    REQUESTED,
    APPROVED,
    REJECTED,
    DOWNLOADED,
    /** Not decided within {@link ExportApprovals#DECISION_WINDOW}, or approved and not downloaded in time. */
    EXPIRED
}
