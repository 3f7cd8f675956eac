package jp.uketsuke.audit;

/** Append-only, hash-chained operation log (S7). */
public interface AuditLog {

    /** Appends the event durably; returns only after it is stored. */
    void record(AuditEvent event);

    /** Walks the whole chain and reports the first row that was altered, removed or inserted out of order. */
    AuditVerification verify();
}
