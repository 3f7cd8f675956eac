package jp.uketsuke.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** Reading the operation log back, for the console viewer and its CSV export. Newest first. */
public interface AuditSearch {

    /** One page of the events that match, newest first. */
    List<RecordedEvent> find(Filter filter, long offset, int limit);

    /** Every event that matches, newest first, handed over one at a time so an export never holds them all. */
    void forEach(Filter filter, Consumer<RecordedEvent> action);

    /**
     * What to look for; a null field matches everything.
     *
     * @param actionPrefix matches the action itself and its sub-actions: "login" matches "login" and "login.mfa"
     * @param from         inclusive
     * @param until        exclusive
     */
    record Filter(String actor, UUID tenantId, String actionPrefix, Instant from, Instant until) {
    }

    /** An event as stored, with its place in the chain. */
    record RecordedEvent(long seq, Instant occurredAt, AuditEvent event) {
    }
}
