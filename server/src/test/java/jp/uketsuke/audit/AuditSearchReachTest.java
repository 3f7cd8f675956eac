package jp.uketsuke.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.audit.AuditSearch.Filter;
import jp.uketsuke.audit.AuditSearch.Reach;
import jp.uketsuke.audit.internal.JdbcAuditSearch;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.config.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** A reader sees the events of the tenants in reach, and platform events only when the platform is in reach. */
@ParameterizedClass
@EnumSource(Database.class)
class AuditSearchReachTest {

    @Parameter
    Database database;
    @TempDir
    Path dataDir;
    DataFixture data;
    AuditSearch search;
    final UUID first = UUID.randomUUID();
    final UUID second = UUID.randomUUID();
    final UUID third = UUID.randomUUID();

    @BeforeEach
    void start() {
        data = DataFixture.start(database, dataDir);
        search = new JdbcAuditSearch(data.jdbc);
        for (UUID tenant : new UUID[] {first, second, third, null}) {
            data.audit.record(new AuditEvent("user:x", tenant, "login", "user:x", "192.0.2.1", AuditEvent.OK));
        }
    }

    @AfterEach
    void stop() throws Exception {
        data.close();
    }

    @Test
    void onlyTheTenantsAndPlatformInReachAreFound() {
        assertThat(tenants(new Reach(Set.of(first), false), null)).containsExactly(first);
        assertThat(tenants(new Reach(Set.of(first, second), true), null)).containsExactlyInAnyOrder(first, second, null);
        assertThat(tenants(new Reach(Set.of(), true), null)).containsExactly((UUID) null);
        assertThat(tenants(new Reach(Set.of(), false), null)).isEmpty();
        assertThat(tenants(Reach.EVERYTHING, null)).containsExactlyInAnyOrder(first, second, third, null);
    }

    @Test
    void aTenantFilterNeverWidensTheReach() {
        assertThat(tenants(new Reach(Set.of(first), true), third)).isEmpty();
        assertThat(tenants(new Reach(Set.of(first), true), first)).containsExactly(first);
        List<UUID> exported = new ArrayList<>();
        search.forEach(new Filter(null, null, null, null, null, new Reach(Set.of(second), false)),
                e -> exported.add(e.event().tenantId()));
        assertThat(exported).containsExactly(second);
    }

    private List<UUID> tenants(Reach reach, UUID tenantFilter) {
        return search.find(new Filter(null, tenantFilter, null, null, null, reach), 0, 100).stream()
                .map(e -> e.event().tenantId()).toList();
    }
}
