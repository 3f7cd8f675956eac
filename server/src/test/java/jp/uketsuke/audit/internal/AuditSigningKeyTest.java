package jp.uketsuke.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditSigningKeyTest {

    @TempDir
    Path dataDir;

    @Test
    void isCreatedOnFirstStartReadableByTheOwnerOnlyAndVerifiesOnlyItsOwnSignatures() throws Exception {
        Path file = AuditSigningKey.file(null, dataDir);
        assertThat(file).isEqualTo(dataDir.resolve("keys/audit-signing-keyset.json").toAbsolutePath());
        AuditSigningKey key = AuditSigningKey.loadOrCreate(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        byte[] data = "checkpoint".getBytes(StandardCharsets.UTF_8);
        byte[] signature = key.sign(data);
        assertThat(AuditSigningKey.load(file).verifies(data, signature)).isTrue();
        assertThat(AuditSigningKey.loadOrCreate(dataDir.resolve("other.json")).verifies(data, signature)).isFalse();
        signature[signature.length - 1] ^= 1;
        assertThat(key.verifies(data, signature)).isFalse();
    }

    @Test
    void aDamagedOrMissingFileIsAClearError() throws Exception {
        Path file = dataDir.resolve("damaged.json");
        Files.writeString(file, "{\"primaryKeyId\": 1");

        assertThatThrownBy(() -> AuditSigningKey.load(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not a valid Tink Ed25519 keyset");
        assertThat(Files.readString(file)).isEqualTo("{\"primaryKeyId\": 1");
        assertThatThrownBy(() -> AuditSigningKey.load(dataDir.resolve("missing.json"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not exist");
    }
}
