package jp.uketsuke.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void isCreatedWithItsParentsForTheOwnerOnly() throws Exception {
        assumeTrue(DataDirectory.isPosix(tmp), "POSIX permissions");

        var dir = new DataDirectory(tmp.resolve("srv/uketsuke/data"));

        assertThat(dir.root()).isDirectory();
        for (Path p : new Path[] {tmp.resolve("srv"), tmp.resolve("srv/uketsuke"), dir.root()}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("rwx------");
        }
    }

    @Test
    void aFileWhereTheDirectoryShouldBeIsAClearError() throws Exception {
        Files.writeString(tmp.resolve("data"), "not a directory");

        assertThatThrownBy(() -> new DataDirectory(tmp.resolve("data"))).hasMessageContaining("data");
        assertThat(Files.readString(tmp.resolve("data"))).isEqualTo("not a directory");
    }

    @Test
    void pathsCannotLeaveIt() {
        var dir = new DataDirectory(tmp.resolve("data"));

        assertThat(dir.resolve("recordings/t/c.rec")).isEqualTo(tmp.resolve("data/recordings/t/c.rec"));
        assertThat(dir.relativize(dir.resolve("recordings/t/c.rec"))).isEqualTo("recordings/t/c.rec");
        for (String escape : new String[] {"../secret", "recordings/../../secret", "/etc/passwd", "", "."}) {
            assertThatThrownBy(() -> dir.resolve(escape)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void propertiesDefaultToWorkOnALaptop() {
        var defaults = new UketsukeProperties(null, null, null);

        assertThat(defaults.dataDir()).isEqualTo(Path.of("data").toAbsolutePath().normalize());
        assertThat(defaults.nodeId()).isEqualTo("local");
        assertThat(defaults.masterKeyFile()).isEqualTo(defaults.dataDir().resolve("keys/master-keyset.json"));
        assertThat(new UketsukeProperties(tmp, "n", tmp.resolve("elsewhere/k.json")).masterKeyFile())
                .isEqualTo(tmp.resolve("elsewhere/k.json"));
    }
}
