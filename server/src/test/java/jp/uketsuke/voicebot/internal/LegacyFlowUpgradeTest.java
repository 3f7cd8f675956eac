package jp.uketsuke.voicebot.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.config.Database;
import jp.uketsuke.vault.CiphertextRejectedException;
import jp.uketsuke.voicebot.CallFlow;
import jp.uketsuke.voicebot.FaqEntry;
import jp.uketsuke.voicebot.StandardFlows;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.SqlParameterValue;
import tools.jackson.databind.json.JsonMapper;

/** Flows of the first version become version 1 at start-up, on H2 and PostgreSQL; stored definitions stay put. */
@ParameterizedClass
@EnumSource(Database.class)
class LegacyFlowUpgradeTest {

    @Parameter
    Database database;
    @TempDir
    Path dataDir;
    DataFixture data;
    FlowStore store;
    LegacyFlowUpgrade upgrade;

    @BeforeEach
    void start() {
        data = DataFixture.start(database, dataDir);
        store = new FlowStore(data.jdbc, data.vault, data.clock);
        upgrade = new LegacyFlowUpgrade(data.jdbc, data.vault, store, data.audit, data.transactions);
    }

    @AfterEach
    void stop() throws Exception {
        data.close();
    }

    /** What the first version's repository wrote: the CallFlow record as JSON, sealed under "flow:<tenant>". */
    private void storeLegacy(UUID tenant, CallFlow flow) {
        byte[] json = JsonMapper.builder().build().writeValueAsBytes(flow);
        insertLegacy(tenant, data.vault.forTenant(tenant).seal(json, "flow:" + tenant));
    }

    private void insertLegacy(UUID tenant, byte[] definition) {
        data.jdbc.sql("insert into call_flows (tenant_id, definition, updated_at) values (?, ?, ?)")
                .params(tenant, new SqlParameterValue(Types.BINARY, definition), OffsetDateTime.now())
                .update();
    }

    @Test
    void aFirstVersionFlowBecomesVersionOneWithItsOwnSentencesOnce() {
        UUID tenant = data.tenants.create("山田歯科", "ja");
        CallFlow legacy = StandardFlows.japanese(List.of(new FaqEntry("hours", List.of("診療時間"), "9時からです", '1')));
        storeLegacy(tenant, legacy);

        assertThat(upgrade.run()).isEqualTo(1);

        assertThat(store.inUse(tenant)).contains(1);
        assertThat(store.version(tenant, 1)).contains(StandardFlows.graph(legacy));
        assertThat(data.jdbc.sql("select count(*) from call_flows").query(Long.class).single()).isZero();
        assertThat(data.jdbc.sql("select count(*) from audit_events where tenant_id = ? and action = 'flow.upgrade'")
                .param(tenant).query(Long.class).single()).isEqualTo(1);
        assertThat(upgrade.run()).isZero();
    }

    @Test
    void anUnreadableOldFlowIsReportedAndTheOthersAreStillUpgraded() {
        UUID broken = data.tenants.create("壊れた", "ja");
        UUID fine = data.tenants.create("大丈夫", "en");
        insertLegacy(broken, new byte[] {1, 2, 3, 4});
        storeLegacy(fine, StandardFlows.english(List.of()));

        assertThat(upgrade.run()).isEqualTo(1);
        assertThat(store.inUse(fine)).contains(1);
        assertThat(store.inUse(broken)).isEmpty();
    }

    @Test
    void aDefinitionCopiedToAnotherTenantOrVersionDoesNotOpen() {
        UUID tenant = data.tenants.create("一", "en");
        UUID other = data.tenants.create("二", "en");
        store.addVersion(tenant, StandardFlows.graph(StandardFlows.english(List.of())), "test");
        store.addVersion(tenant, StandardFlows.graph(StandardFlows.english(List.of())), "test");
        store.addVersion(other, StandardFlows.graph(StandardFlows.english(List.of())), "test");
        data.jdbc.sql("update flow_versions set definition = (select definition from flow_versions where tenant_id = ? "
                + "and version = 1) where tenant_id = ? and version = 2").params(tenant, tenant).update();
        data.jdbc.sql("update flow_versions set definition = (select definition from flow_versions where tenant_id = ? "
                + "and version = 1) where tenant_id = ? and version = 1").params(tenant, other).update();

        assertThat(store.version(tenant, 1)).isPresent();
        assertThatThrownBy(() -> store.version(tenant, 2)).isInstanceOf(CiphertextRejectedException.class);
        assertThatThrownBy(() -> store.version(other, 1)).isInstanceOf(CiphertextRejectedException.class);
    }
}
