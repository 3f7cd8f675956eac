package jp.uketsuke.tenancy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.config.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Database.class)
class TenantsTest {

    @Parameter
    Database database;
    @TempDir
    Path dataDir;
    DataFixture data;

    @BeforeEach
    void start() {
        data = DataFixture.start(database, dataDir);
    }

    @AfterEach
    void stop() throws Exception {
        data.close();
    }

    @Test
    void aNewTenantIsActiveAndHasItsKeys() {
        UUID id = data.tenants.create("山田歯科クリニック", "ja");

        assertThat(data.tenants.name(id)).contains("山田歯科クリニック");
        byte[] sealed = data.vault.forTenant(id).seal("x".getBytes(UTF_8), "ctx");
        assertThat(data.vault.forTenant(id).open(sealed, "ctx")).isEqualTo("x".getBytes(UTF_8));
    }

    @Test
    void everyTenantIsListedByName() {
        UUID b = data.tenants.create("B 商事", "ja");
        UUID a = data.tenants.create("A 歯科", "ja");

        assertThat(data.tenants.names()).containsExactly(Map.entry(a, "A 歯科"), Map.entry(b, "B 商事"));
    }

    @Test
    void aNumberRoutesToItsTenantWhateverFormItIsDialedIn() {
        UUID id = data.tenants.create("Demo", "en");
        data.tenants.assignNumber(id, "050-000-0000");

        for (String dialed : new String[] {"0500000000", "+81500000000", "81500000000", "tel:+81-50-000-0000"}) {
            assertThat(data.tenants.lineFor(dialed)).hasValueSatisfying(line -> {
                assertThat(line.tenantId()).isEqualTo(id);
                assertThat(line.tenantName()).isEqualTo("Demo");
                assertThat(line.number()).isEqualTo("0500000000");
                assertThat(line.status()).isEqualTo(TenantStatus.ACTIVE);
                assertThat(line.language()).isEqualTo("en");
            });
        }
        assertThat(data.tenants.lineFor("0500000001")).isEmpty();
        assertThat(data.tenants.lineFor("' or 1=1 --")).isEmpty();
        assertThat(data.tenants.lineFor(null)).isEmpty();
    }

    @Test
    void aNumberBelongsToOneTenantOnly() {
        UUID first = data.tenants.create("First", "ja");
        UUID second = data.tenants.create("Second", "ja");
        data.tenants.assignNumber(first, "0500000000");

        assertThatThrownBy(() -> data.tenants.assignNumber(second, "+81500000000"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(data.tenants.lineFor("0500000000").orElseThrow().tenantId()).isEqualTo(first);
    }

    @Test
    void garbageIsNotAssigned() {
        UUID id = data.tenants.create("Demo", "ja");

        assertThatThrownBy(() -> data.tenants.assignNumber(id, "anonymous")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> data.tenants.assignNumber(UUID.randomUUID(), "0500000000"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(data.jdbc.sql("select count(*) from phone_numbers").query(Long.class).single()).isZero();
    }

    @Test
    void suspensionShowsOnTheLine() {
        UUID id = data.tenants.create("Demo", "ja");
        data.tenants.assignNumber(id, "0500000000");

        data.tenants.setStatus(id, TenantStatus.SUSPENDED);

        assertThat(data.tenants.lineFor("0500000000").orElseThrow().status()).isEqualTo(TenantStatus.SUSPENDED);
        assertThatThrownBy(() -> data.tenants.setStatus(UUID.randomUUID(), TenantStatus.ACTIVE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badNamesAndLanguagesAreRefusedAndLeaveNothingBehind() {
        assertThatThrownBy(() -> data.tenants.create(" ", "ja")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> data.tenants.create("x".repeat(201), "ja")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> data.tenants.create("Demo", "ja'; drop table tenants; --"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(data.jdbc.sql("select count(*) from tenants").query(Long.class).single()).isZero();
        assertThat(data.jdbc.sql("select count(*) from tenant_keys").query(Long.class).single()).isZero();
    }

    @Test
    void aTenantWhoseKeysCannotBeCreatedIsNotCreated() throws Exception {
        // a keyset already present for the next id cannot be forged, so make key creation fail in the database
        data.execute("drop table tenant_keys");

        assertThatThrownBy(() -> data.tenants.create("Demo", "ja")).isInstanceOf(RuntimeException.class);
        assertThat(data.jdbc.sql("select count(*) from tenants").query(Long.class).single()).isZero();
    }
}
