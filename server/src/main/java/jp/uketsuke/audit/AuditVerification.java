package jp.uketsuke.audit;

import java.util.OptionalLong;

/**
 * The outcome of walking the operation log's hash chain.
 *
 * @param eventsChecked  rows examined before the walk ended
 * @param firstBrokenSeq the first sequence number whose row, position or link does not match; empty when intact
 */
public record AuditVerification(long eventsChecked, OptionalLong firstBrokenSeq) {

    public boolean intact() {
        return firstBrokenSeq.isEmpty();
    }
}
