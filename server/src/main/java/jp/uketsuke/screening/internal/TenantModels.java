package jp.uketsuke.screening.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classifier each tenant's calls use: the shared model, or the shared set with the tenant's own labels added. A
 * tenant's model is rebuilt on one background thread when its labels change, never on a call thread; calls use
 * the last one built meanwhile.
 */
final class TenantModels implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TenantModels.class);

    private final SalesModel shared;
    private final Function<UUID, List<Map.Entry<String, Boolean>>> labels;
    private final Map<UUID, SalesModel> byTenant = new ConcurrentHashMap<>();
    /** The label stamp each tenant's model was built from, or is being built from. */
    private final Map<UUID, String> builtFrom = new ConcurrentHashMap<>();
    private final ExecutorService builder = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("screening-models").daemon().factory());

    /** @param labels a tenant's labelled words (true: sales), read for training */
    TenantModels(SalesModel shared, Function<UUID, List<Map.Entry<String, Boolean>>> labels) {
        this.shared = shared;
        this.labels = labels;
    }

    SalesModel of(UUID tenantId) {
        return tenantId == null ? shared : byTenant.getOrDefault(tenantId, shared);
    }

    SalesModel shared() {
        return shared;
    }

    /**
     * Rebuilds the tenant's model in the background unless it is built, or being built, from labels stamped so (see
     * {@link ScreeningStore#labelStamp}): labels made on another server sharing the database reach this one too.
     */
    void rebuildUnlessFrom(UUID tenantId, String labelStamp) {
        String before = builtFrom.put(tenantId, labelStamp);
        if (labelStamp.equals(before) || before == null && labelStamp.startsWith("0@")) {
            return;
        }
        builder.execute(() -> {
            try {
                List<Map.Entry<String, Boolean>> own = labels.apply(tenantId);
                if (own.isEmpty()) {
                    byTenant.remove(tenantId);
                } else {
                    byTenant.put(tenantId, shared.withTenantLabels(own));
                }
                log.info("Screening model of tenant {} rebuilt from {} labelled calls", tenantId, own.size());
            } catch (RuntimeException e) {
                // the previous model stays in use; the next reading of the tenant's rules tries again
                builtFrom.remove(tenantId, labelStamp);
                log.warn("Screening model of tenant {} could not be rebuilt", tenantId, e);
            }
        });
    }

    @Override
    public void close() {
        builder.shutdownNow();
    }
}
