package jp.uketsuke.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Files that are not backups, damaged headers, hostile paths inside an archive, and key files that are not keys. */
class BackupFileFormatTest {

    @TempDir
    Path work;

    @Test
    void aHeaderIsReadBackAsWritten() throws Exception {
        var header = new BackupHeader(1, Instant.parse("2026-12-07T19:00:00Z"), "PostgreSQL", "22", 40, 1234, 7, 42);
        Path file = work.resolve("header-only");
        Files.write(file, header.bytes());
        assertThat(BackupReader.header(file)).isEqualTo(header);
    }

    @Test
    void filesThatAreNotBackupsAreNamedAsSuch() throws Exception {
        assertThat(refusal(new byte[0])).contains("ends inside its header");
        assertThat(refusal("PK\u0003\u0004 a zip file, not a backup".getBytes(StandardCharsets.US_ASCII)))
                .contains("not an Uketsuke backup file");
        assertThat(refusal(header(Integer.MAX_VALUE, ""))).contains("header is damaged (length 2147483647)");
        assertThat(refusal(header(-1, ""))).contains("header is damaged (length -1)");
        assertThat(refusal(header(20, "format=1\n"))).contains("ends inside its header");
        assertThat(refusal(header(9, "format=1\n"))).contains("it has no created");
        assertThat(refusal(header(9, "format=2\n"))).contains("format 2").contains("reads format 1");
        assertThat(refusal(header(14, "format=eleven\n"))).contains("header is damaged");
        String wrongDate = "format=1\ncreated=yesterday\ndatabase=H2\nschema-version=1\ntables=1\nrows=1\nfiles=1\nkey-id=1\n";
        assertThat(refusal(header(wrongDate.length(), wrongDate))).contains("header is damaged");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside", "/etc/passwd", "recordings/../../outside", "keys/master-keyset.json",
            "db/uketsuke.mv.db", ".restore-1/x", "recordings\\..\\..\\x", "", "recordings//x", "./recordings/x"})
    void pathsThatCouldLeaveTheDataDirectoryOrReachKeysAreRefused(String hostile) {
        assertThatThrownBy(() -> BackupReader.safeRelative(hostile))
                .isInstanceOf(BackupRefused.class).hasMessageContaining("outside the data directory");
    }

    @Test
    void anOrdinaryRecordingPathIsAccepted() {
        assertThat(BackupReader.safeRelative("recordings/2026/04/01/call.enc")).isEqualTo("recordings/2026/04/01/call.enc");
    }

    @Test
    void aKeyFileIsNeverReplacedAndAFileThatIsNoKeyIsRefused() throws Exception {
        Path key = work.resolve("key.json");
        BackupKey.create(key);
        String first = Files.readString(key);
        assertThatThrownBy(() -> BackupKey.create(key)).isInstanceOf(BackupRefused.class).hasMessageContaining("already exists");
        assertThat(Files.readString(key)).isEqualTo(first);

        Path notAKey = work.resolve("not-a-key.json");
        Files.writeString(notAKey, "{\"primaryKeyId\": 1, \"key\": []}");
        assertThatThrownBy(() -> BackupKey.load(notAKey)).isInstanceOf(BackupRefused.class)
                .hasMessageContaining("is not a Tink streaming AEAD keyset");
        assertThatThrownBy(() -> BackupKey.load(work.resolve("missing.json"))).isInstanceOf(BackupRefused.class)
                .hasMessageContaining("does not exist").hasMessageContaining("./uketsuke backup key <file>");
    }

    private String refusal(byte[] content) throws Exception {
        Path file = Files.createTempFile(work, "not-a-backup", "");
        Files.write(file, content);
        Path key = work.resolve("key-" + file.getFileName() + ".json");
        BackupKey.create(key);
        return assertThatThrownBy(() -> BackupReader.read(file, BackupKey.load(key), null))
                .isInstanceOf(BackupRefused.class).actual().getMessage();
    }

    private static byte[] header(int length, String body) throws Exception {
        var out = new ByteArrayOutputStream();
        var data = new DataOutputStream(out);
        data.write("UKETSUKE-BACKUP\n".getBytes(StandardCharsets.US_ASCII));
        data.writeInt(length);
        data.write(body.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
