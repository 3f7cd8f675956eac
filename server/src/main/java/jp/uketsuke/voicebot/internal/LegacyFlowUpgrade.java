package jp.uketsuke.voicebot.internal;

import java.util.List;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.vault.Vault;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.FlowDocuments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Flows saved by the first version (one fixed-shape document per tenant in {@code call_flows}) become version 1 of
 * the tenant's versioned flow at start-up, with the tenant's own sentences: calls sound as before the upgrade. Done
 * per tenant in one transaction; on several nodes at once the first wins and the others find nothing left to do.
 */
final class LegacyFlowUpgrade {

    private static final Logger log = LoggerFactory.getLogger(LegacyFlowUpgrade.class);

    private final JdbcClient jdbc;
    private final Vault vault;
    private final FlowStore store;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    LegacyFlowUpgrade(JdbcClient jdbc, Vault vault, FlowStore store, AuditLog audit, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.store = store;
        this.audit = audit;
        this.transactions = transactions;
    }

    int run() {
        List<UUID> legacy = jdbc.sql("select tenant_id from call_flows").query(UUID.class).list();
        int upgraded = 0;
        for (UUID tenantId : legacy) {
            try {
                if (Boolean.TRUE.equals(transactions.execute(status -> upgrade(tenantId)))) {
                    upgraded++;
                }
            } catch (DuplicateKeyException raced) {
                log.debug("Flow of tenant {} upgraded by another node", tenantId);
            } catch (RuntimeException e) {
                // one unreadable document must not keep the server from starting; the tenant gets the standard flow
                log.error("Flow of tenant {} could not be upgraded: {}", tenantId, e.getMessage());
            }
        }
        if (upgraded > 0) {
            log.info("Upgraded {} call flow(s) of the first version to versioned flows", upgraded);
        }
        return upgraded;
    }

    private boolean upgrade(UUID tenantId) {
        byte[] sealed = jdbc.sql("select definition from call_flows where tenant_id = ?").param(tenantId)
                .query(byte[].class).optional().orElse(null);
        if (sealed == null) {
            return false;
        }
        if (store.inUse(tenantId).isEmpty()) {
            Flow flow = FlowDocuments.read(vault.forTenant(tenantId).open(sealed, "flow:" + tenantId));
            int version = store.addVersion(tenantId, flow, "system:upgrade");
            store.use(tenantId, version);
            audit.record(new AuditEvent("system:upgrade", tenantId, "flow.upgrade", "flow:v" + version, null,
                    AuditEvent.OK));
        }
        jdbc.sql("delete from call_flows where tenant_id = ?").param(tenantId).update();
        return true;
    }
}
