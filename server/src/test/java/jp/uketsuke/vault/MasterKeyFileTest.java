package jp.uketsuke.vault;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import jp.uketsuke.config.DataDirectory;
import jp.uketsuke.vault.internal.KeysetFileMasterKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyFileTest {

    @TempDir
    Path dir;

    @Test
    void isCreatedOnFirstUseReadableByTheOwnerOnly() throws Exception {
        assumeTrue(DataDirectory.isPosix(dir), "POSIX permissions");
        Path file = dir.resolve("keys/master-keyset.json");

        KeysetFileMasterKey.loadOrCreate(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        try (var leftovers = Files.list(file.getParent())) {
            assertThat(leftovers).containsExactly(file);
        }
    }

    @Test
    void isTheSameKeyWhenReadAgain() throws Exception {
        Path file = dir.resolve("master-keyset.json");
        byte[] wrapped = KeysetFileMasterKey.loadOrCreate(file).aead().encrypt("k".getBytes(UTF_8), "ad".getBytes(UTF_8));

        byte[] unwrapped = KeysetFileMasterKey.loadOrCreate(file).aead().decrypt(wrapped, "ad".getBytes(UTF_8));

        assertThat(unwrapped).isEqualTo("k".getBytes(UTF_8));
    }

    @Test
    void aDamagedFileIsRefusedAndLeftAsItIs() throws Exception {
        Path file = dir.resolve("master-keyset.json");
        Files.writeString(file, "{\"primaryKeyId\": 1, \"key\": [");

        assertThatThrownBy(() -> KeysetFileMasterKey.loadOrCreate(file))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a valid Tink AEAD keyset");
        assertThat(Files.readString(file)).isEqualTo("{\"primaryKeyId\": 1, \"key\": [");
    }
}
