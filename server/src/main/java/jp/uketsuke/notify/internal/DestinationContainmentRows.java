package jp.uketsuke.notify.internal;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import jp.uketsuke.notify.DestinationContainment;

/** The same switch as the notifications page's enable/disable, without its permission check (the caller's). */
final class DestinationContainmentRows implements DestinationContainment {

    private final DestinationRows rows;
    private final Clock clock;

    DestinationContainmentRows(DestinationRows rows, Clock clock) {
        this.rows = rows;
        this.clock = clock;
    }

    @Override
    public List<DestinationRef> of(UUID tenantId) {
        return rows.ofTenant(tenantId).stream().map(d -> new DestinationRef(d.id(), d.name(), d.enabled())).toList();
    }

    @Override
    public boolean setEnabled(UUID tenantId, UUID destinationId, boolean enabled, String actor) {
        return rows.setEnabled(tenantId, destinationId, enabled, actor, clock.instant());
    }
}
