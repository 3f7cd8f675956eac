package jp.uketsuke.vault;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.config.Database;
import jp.uketsuke.vault.internal.KeysetFileMasterKey;
import jp.uketsuke.vault.internal.TinkVault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Database.class)
class VaultTest {

    @Parameter
    Database database;
    @TempDir
    Path dataDir;
    DataFixture data;
    UUID tenantA = UUID.randomUUID();
    UUID tenantB = UUID.randomUUID();

    @BeforeEach
    void start() {
        data = DataFixture.start(database, dataDir);
        data.vault.createTenantKeys(tenantA);
        data.vault.createTenantKeys(tenantB);
    }

    @AfterEach
    void stop() throws Exception {
        data.close();
    }

    @Test
    void sealedValueOpensWithItsTenantAndContext() {
        byte[] sealed = data.vault.forTenant(tenantA).seal("09012345678".getBytes(UTF_8), "call:1:caller");

        assertThat(new String(data.vault.forTenant(tenantA).open(sealed, "call:1:caller"), UTF_8)).isEqualTo("09012345678");
        assertThat(new String(sealed, UTF_8)).doesNotContain("09012345678");
    }

    @Test
    void anotherTenantsKeyDoesNotOpenIt() {
        byte[] sealed = data.vault.forTenant(tenantA).seal("秘密".getBytes(UTF_8), "call:1:caller");

        assertThatThrownBy(() -> data.vault.forTenant(tenantB).open(sealed, "call:1:caller"))
                .isInstanceOf(CiphertextRejectedException.class);
    }

    @Test
    void anotherContextDoesNotOpenIt() {
        byte[] sealed = data.vault.forTenant(tenantA).seal("秘密".getBytes(UTF_8), "call:1:turn:1");

        assertThatThrownBy(() -> data.vault.forTenant(tenantA).open(sealed, "call:1:turn:2"))
                .isInstanceOf(CiphertextRejectedException.class);
        assertThatThrownBy(() -> data.vault.forTenant(tenantA).open(sealed, "call:2:turn:1"))
                .isInstanceOf(CiphertextRejectedException.class);
    }

    @Test
    void everyAlteredByteIsRejected() {
        TenantCipher cipher = data.vault.forTenant(tenantA);
        byte[] sealed = cipher.seal("用件は予約の変更です".getBytes(UTF_8), "ctx");
        for (int i = 0; i < sealed.length; i++) {
            byte[] altered = sealed.clone();
            altered[i] ^= 0x01;
            assertThatThrownBy(() -> cipher.open(altered, "ctx")).isInstanceOf(CiphertextRejectedException.class);
        }
        assertThatThrownBy(() -> cipher.open(Arrays.copyOf(sealed, sealed.length - 1), "ctx"))
                .isInstanceOf(CiphertextRejectedException.class);
        assertThatThrownBy(() -> cipher.open(new byte[0], "ctx")).isInstanceOf(CiphertextRejectedException.class);
    }

    @Test
    void indexIsDeterministicPerTenantAndDiffersAcrossTenants() {
        String a1 = data.vault.forTenant(tenantA).index("09012345678");
        String a2 = data.vault.forTenant(tenantA).index("09012345678");
        String b = data.vault.forTenant(tenantB).index("09012345678");

        assertThat(a1).isEqualTo(a2).hasSize(64).doesNotContain("09012345678");
        assertThat(b).isNotEqualTo(a1);
        assertThat(data.vault.forTenant(tenantA).index("09012345679")).isNotEqualTo(a1);
    }

    @Test
    void streamRoundTripsAndIsBoundToTenantAndContext() throws IOException {
        byte[] audio = new byte[50_000];
        new Random(7).nextBytes(audio);
        var file = new ByteArrayOutputStream();
        try (OutputStream out = data.vault.forTenant(tenantA).sealing(file, "call:1:recording")) {
            out.write(audio);
        }
        byte[] sealed = file.toByteArray();

        try (InputStream in = data.vault.forTenant(tenantA).opening(new ByteArrayInputStream(sealed), "call:1:recording")) {
            assertThat(in.readAllBytes()).isEqualTo(audio);
        }
        assertThatThrownBy(() -> data.vault.forTenant(tenantB).opening(new ByteArrayInputStream(sealed), "call:1:recording").readAllBytes())
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> data.vault.forTenant(tenantA).opening(new ByteArrayInputStream(sealed), "call:2:recording").readAllBytes())
                .isInstanceOf(IOException.class);
        byte[] altered = sealed.clone();
        altered[sealed.length / 2] ^= 0x10;
        assertThatThrownBy(() -> data.vault.forTenant(tenantA).opening(new ByteArrayInputStream(altered), "call:1:recording").readAllBytes())
                .isInstanceOf(IOException.class);
    }

    @Test
    void keysOutliveTheVaultInstance() {
        byte[] sealed = data.vault.forTenant(tenantA).seal("x".getBytes(UTF_8), "ctx");
        var restarted = new TinkVault(data.jdbc, data.transactions,
                KeysetFileMasterKey.loadOrCreate(dataDir.resolve("keys/master-keyset.json")), data.clock);

        assertThat(restarted.forTenant(tenantA).open(sealed, "ctx")).isEqualTo("x".getBytes(UTF_8));
    }

    @Test
    void anotherMasterKeyCannotUnwrapTheTenantKeys() {
        var otherMaster = KeysetFileMasterKey.loadOrCreate(dataDir.resolve("other/master-keyset.json"));
        var vault = new TinkVault(data.jdbc, data.transactions, otherMaster, data.clock);

        assertThatThrownBy(() -> vault.forTenant(tenantA))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not unwrap");
    }

    @Test
    void aWrappedKeysetMovedToAnotherTenantDoesNotUnwrap() {
        byte[] keysetOfA = data.jdbc.sql("select wrapped_keyset from tenant_keys where tenant_id = ? and purpose = 'aead'")
                .param(tenantA).query(byte[].class).single();
        data.jdbc.sql("update tenant_keys set wrapped_keyset = ? where tenant_id = ? and purpose = 'aead'")
                .params(keysetOfA, tenantB).update();
        var fresh = new TinkVault(data.jdbc, data.transactions, data.masterKey, data.clock);

        assertThatThrownBy(() -> fresh.forTenant(tenantB)).isInstanceOf(IllegalStateException.class);
        assertThat(fresh.forTenant(tenantA)).isNotNull();
    }

    @Test
    void creatingKeysTwiceFailsAndKeepsTheFirst() {
        byte[] sealed = data.vault.forTenant(tenantA).seal("x".getBytes(UTF_8), "ctx");

        assertThatThrownBy(() -> data.vault.createTenantKeys(tenantA)).isInstanceOf(IllegalStateException.class);
        var fresh = new TinkVault(data.jdbc, data.transactions, data.masterKey, data.clock);
        assertThat(fresh.forTenant(tenantA).open(sealed, "ctx")).isEqualTo("x".getBytes(UTF_8));
    }

    @Test
    void aTenantWithoutKeysFailsClearly() {
        UUID unknown = UUID.randomUUID();

        assertThatThrownBy(() -> data.vault.forTenant(unknown))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has no keys");
    }
}
