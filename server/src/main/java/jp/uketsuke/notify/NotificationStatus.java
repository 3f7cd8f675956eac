package jp.uketsuke.notify;

import java.util.UUID;
import jp.uketsuke.identity.Viewer;

/** How a tenant's notifications are doing, for the dashboard. Checks {@code notify:manage} and audits like any read. */
public interface NotificationStatus {

    /**
     * Deliveries of the tenant that were given up (dead-lettered) and not sent again; 0 when the viewer may not see the
     * tenant (audited as denied), so the number never tells an outsider anything.
     */
    int failedCount(Viewer viewer, UUID tenantId);
}
