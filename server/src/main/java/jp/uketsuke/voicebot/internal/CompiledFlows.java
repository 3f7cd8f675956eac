package jp.uketsuke.voicebot.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.voicebot.CompiledFlow;
import jp.uketsuke.voicebot.PublishedFlows;
import jp.uketsuke.voicebot.StandardFlows;

/**
 * Compiled flows by tenant and version, so FAQ indexes and matchers are built when a version is first used, not per
 * call. Versions never change once published, so an entry never goes stale; the version in use is read per call,
 * which makes a publication on any node take effect at the next call everywhere.
 */
final class CompiledFlows implements PublishedFlows {

    /** Versions kept compiled: a few per tenant of a large installation. */
    private static final int KEPT = 2000;

    private record Key(UUID tenantId, int version) {
    }

    private final FlowStore store;
    private final Tenants tenants;
    private final Map<Key, CompiledFlow> versions = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, CompiledFlow> eldest) {
            return size() > KEPT;
        }
    };
    private final Map<String, CompiledFlow> standard = new ConcurrentHashMap<>();

    CompiledFlows(FlowStore store, Tenants tenants) {
        this.store = store;
        this.tenants = tenants;
    }

    @Override
    public CompiledFlow forCall(UUID tenantId, String tenantLanguage) {
        return store.inUse(tenantId).flatMap(v -> version(tenantId, v))
                .orElseGet(() -> standard(tenantLanguage));
    }

    Optional<CompiledFlow> version(UUID tenantId, int version) {
        Key key = new Key(tenantId, version);
        synchronized (versions) {
            CompiledFlow kept = versions.get(key);
            if (kept != null) {
                return Optional.of(kept);
            }
        }
        // compiled outside the lock: a large FAQ must not hold up other tenants' calls
        Optional<CompiledFlow> loaded = store.version(tenantId, version).map(f -> CompiledFlow.of(version, f));
        loaded.ifPresent(flow -> {
            synchronized (versions) {
                versions.putIfAbsent(key, flow);
            }
        });
        return loaded;
    }

    CompiledFlow standard(UUID tenantId) {
        return standard(tenants.language(tenantId).orElse("ja-JP"));
    }

    /** The flow a tenant that has published none runs: the standard receptionist with no FAQ, in its language. */
    CompiledFlow standard(String language) {
        String key = language == null ? "ja-JP" : language;
        return standard.computeIfAbsent(key, l -> CompiledFlow.of(0,
                StandardFlows.graph(StandardFlows.forLanguage(l, List.of()))));
    }
}
