package jp.uketsuke.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsScrapeTest extends RunningServer {

    private String token() throws Exception {
        return Files.readString(DATA_DIR.resolve("metrics-scrape-token")).strip();
    }

    @Test
    void theScraperWithTheTokenFromTheDataDirectoryGetsTheMetrics() throws Exception {
        Path file = DATA_DIR.resolve("metrics-scrape-token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        HttpResponse<String> response = client().get("/actuator/prometheus", "Authorization", "Bearer " + token());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes");
        assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void withoutTheRightTokenNothingIsShown() throws Exception {
        HttpsClient c = client();
        String token = token();
        for (String[] headers : new String[][] {
                {},
                {"Authorization", "Bearer "},
                {"Authorization", "Bearer " + token.substring(1)},
                {"Authorization", "Bearer " + token + "0"},
                {"Authorization", "bearer " + token.toUpperCase()},
                {"Authorization", "Basic " + token},
                {"Authorization", "Bearer " + "A".repeat(6000)}}) {
            HttpResponse<String> response = c.get("/actuator/prometheus", headers);
            assertThat(response.statusCode()).as(String.join(" ", headers)).isIn(400, 401);
            assertThat(response.body()).doesNotContain("jvm_memory");
        }
    }

    @Test
    void aConsoleSessionIsNotAScrapeCredential() {
        HttpsClient c = client();
        Login login = userWithPassword(newTenant());
        c.login(login.username(), login.password());

        assertThat(c.get("/actuator/prometheus").statusCode()).isEqualTo(401);
    }

    @Test
    void aTokenFileOthersMayReadOrTooShortIsRefused(@TempDir Path dir) throws Exception {
        Path shared = dir.resolve("shared");
        Files.writeString(shared, "x".repeat(64));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> MetricsScrape.loadOrCreate(shared)).hasMessageContaining("chmod 600");

        Path shortToken = dir.resolve("short");
        Files.writeString(shortToken, "secret");
        Files.setPosixFilePermissions(shortToken, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> MetricsScrape.loadOrCreate(shortToken)).hasMessageContaining("shorter than 32");

        Path fresh = dir.resolve("fresh");
        String made = MetricsScrape.loadOrCreate(fresh);
        assertThat(made).hasSize(64);
        assertThat(MetricsScrape.loadOrCreate(fresh)).isEqualTo(made);
    }
}
