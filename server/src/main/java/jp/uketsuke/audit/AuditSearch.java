package jp.uketsuke.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
     * @param reach        the part of the log the reader may see at all, whatever else the filter says
     */
    record Filter(String actor, UUID tenantId, String actionPrefix, Instant from, Instant until, Reach reach) {

        public Filter {
            Objects.requireNonNull(reach, "reach");
        }

        /** The whole log: for the installation's own tools, not for a reader in the console. */
        public Filter(String actor, UUID tenantId, String actionPrefix, Instant from, Instant until) {
            this(actor, tenantId, actionPrefix, from, until, Reach.EVERYTHING);
        }
    }

    /**
     * Which events a reader may see: those of the given tenants, and platform events (no tenant) when {@code platform}
     * is set. A tenant administrator reaches their own tenant; platform readers the platform and their assigned tenants.
     *
     * @param tenants null for every tenant ({@link #EVERYTHING} only)
     */
    record Reach(Set<UUID> tenants, boolean platform) {

        public static final Reach EVERYTHING = new Reach(null, true);

        public Reach {
            tenants = tenants == null ? null : Set.copyOf(tenants);
        }

        public boolean includes(UUID tenantId) {
            return tenantId == null ? platform : tenants == null || tenants.contains(tenantId);
        }
    }

    /** An event as stored, with its place in the chain. */
    record RecordedEvent(long seq, Instant occurredAt, AuditEvent event) {
    }
}
