package jp.uketsuke.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.util.FileSystemUtils;

/**
 * Four-eyes export (S9) in two real browsers: an administrator switches approval on at /settings/exports, asks for an
 * export, cannot download it yet; a second holder of calls:export signs in elsewhere and approves; the first downloads
 * the CSV once — its file name and every line name who took it out and when — and a second download is refused. The
 * operation log says all of it in Japanese.
 */
class FourEyesExportInChromiumTest extends RunningServer {

    private static final String SAID = "来月の契約更新について相談したいです";
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @Test
    void aSecondExporterApprovesAndTheRequesterDownloadsTheStampedFileOnce() throws Exception {
        UUID tenant = newTenant();
        call(tenant, SAID, "お電話ありがとうございます");
        call(tenant, "見積もりをお願いします", "ご用件をどうぞ");
        MfaLogin tanaka = adminWithMfa(tenant, client());
        MfaLogin suzuki = adminWithMfa(tenant, client());
        String today = LocalDate.now(TOKYO).toString();
        Path downloads = Files.createTempDirectory("uketsuke-downloads");
        try (Chromium first = Chromium.start("--window-size=1280,720");
             Chromium second = Chromium.start("--window-size=1280,720")) {
            ChromeDriver browser = first.browser();
            browser.executeCdpCommand("Browser.setDownloadBehavior",
                    Map.of("behavior", "allow", "downloadPath", downloads.toString()));
            signIn(first, tanaka);

            // 設定 → エクスポートの承認: on
            browser.findElement(By.id("nav-settings")).click();
            first.until(d -> d.getCurrentUrl().endsWith("/settings"));
            browser.findElement(By.id("nav-export-settings")).click();
            first.until(d -> d.getCurrentUrl().contains("/settings/exports"));
            browser.findElement(By.id("four-eyes-on")).click();
            browser.findElement(By.id("exports-submit")).click();
            first.until(d -> !d.findElements(By.id("exports-saved")).isEmpty());
            assertThat(browser.findElement(By.id("four-eyes-on")).isSelected()).isTrue();

            // the request, in the browser: from the call list to the export page
            browser.findElement(By.id("nav-calls")).click();
            first.until(d -> d.getCurrentUrl().contains("/calls"));
            browser.findElement(By.id("calls-export-page")).click();
            first.until(d -> d.getCurrentUrl().contains("/calls/export"));
            assertThat(browser.findElements(By.id("export-direct"))).as("no direct download with four-eyes on").isEmpty();
            assertThat(browser.findElement(By.id("export-four-eyes")).getText()).contains("承認");
            browser.executeScript("document.getElementById('request-from').value = arguments[0];"
                    + "document.getElementById('request-to').value = arguments[0];", today);
            browser.findElement(By.id("request-reason")).sendKeys("監査法人への提出のため");
            browser.findElement(By.id("request-submit")).click();
            first.until(d -> !d.findElements(By.id("export-requested")).isEmpty());
            String request = browser.findElement(By.cssSelector("#export-mine .export-mine-row")).getAttribute("data-request");
            assertThat(browser.findElement(By.cssSelector("#export-mine .export-mine-row")).getText()).contains("承認待ち");
            assertThat(browser.findElements(By.cssSelector("#export-mine .export-download-link"))).isEmpty();
            assertThat(browser.findElements(By.cssSelector("#export-awaiting .export-awaiting-row")))
                    .as("one does not approve one's own request").isEmpty();

            // not downloadable yet, even by its address
            browser.get(base() + "/calls/export/requests/" + request + "/download.csv");
            first.until(d -> !d.findElements(By.tagName("body")).isEmpty());
            assertThat(browser.findElement(By.tagName("body")).getText()).contains("まだ承認されていません")
                    .doesNotContain(SAID);
            Thread.sleep(1000);
            assertThat(files(downloads)).as("nothing downloaded before approval").isEmpty();

            // the second exporter, in a browser of their own
            ChromeDriver other = second.browser();
            signIn(second, suzuki);
            other.get(base() + "/calls/export");
            String awaiting = other.findElement(By.cssSelector("#export-awaiting .export-awaiting-row[data-request='"
                    + request + "']")).getText();
            assertThat(awaiting).contains(tanaka.username()).contains("監査法人への提出のため");
            other.findElement(By.cssSelector(".export-awaiting-row[data-request='" + request + "'] button.approve")).click();
            second.until(d -> !d.findElements(By.id("export-approved")).isEmpty());
            // the approver cannot take the file out themselves
            other.get(base() + "/calls/export/requests/" + request + "/download.csv");
            second.until(d -> d.findElement(By.tagName("body")).getText().contains("依頼した本人だけ"));

            // the requester downloads once
            browser.get(base() + "/calls/export");
            String mine = browser.findElement(By.cssSelector(".export-mine-row[data-request='" + request + "']")).getText();
            assertThat(mine).contains(suzuki.username());
            browser.findElement(By.cssSelector(".export-mine-row[data-request='" + request + "'] .export-download-link")).click();
            Path csv = awaitDownload(downloads);
            String name = csv.getFileName().toString();
            assertThat(name).matches("uketsuke-calls-" + today + "_" + today + "-by-" + tanaka.username()
                    + "-\\d{8}T\\d{4}\\.csv");
            assertThat(name).contains(today.replace("-", "") + "T");
            // records end in CRLF; a transcript field holds bare line feeds inside its quotes
            List<String> lines = List.of(Files.readString(csv, StandardCharsets.UTF_8).split("\r\n"));
            assertThat(lines.getFirst()).startsWith("\uFEFF\"started_at_jst\"").endsWith("\"exported_by\",\"exported_at_jst\"");
            List<String> rows = lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).toList();
            assertThat(rows).hasSize(2).allSatisfy(line -> assertThat(line)
                    .contains("\"user:" + tanaka.username() + "\",\"" + today));
            assertThat(String.join("\n", rows)).contains(SAID);

            browser.get(base() + "/calls/export/requests/" + request + "/download.csv");
            first.until(d -> d.findElement(By.tagName("body")).getText().contains("すでにダウンロード"));
            Thread.sleep(1000);
            assertThat(files(downloads)).as("the second download is refused").hasSize(1);
            browser.get(base() + "/calls/export");
            assertThat(browser.findElements(By.cssSelector(".export-mine-row[data-request='" + request
                    + "'] .export-download-link"))).isEmpty();

            // the operation log, in words
            browser.get(base() + "/audit");
            String log = browser.findElement(By.cssSelector("table")).getText();
            assertThat(log).contains("エクスポートに承認を必要とする設定に変更").contains("通話のエクスポートを依頼")
                    .contains("通話のエクスポートを承認").contains("承認済みのエクスポートをダウンロード");
            assertThat(browser.findElements(By.cssSelector("tr.audit-event")).stream().map(e -> e.getText())
                    .filter(t -> t.contains("通話のエクスポートを承認")).toList())
                    .anyMatch(t -> t.contains(suzuki.username()));
            assertThat(browser.findElements(By.cssSelector("tr.audit-event")).stream().map(e -> e.getText())
                    .filter(t -> t.contains("承認済みのエクスポートをダウンロード")).toList())
                    .anyMatch(t -> t.contains(tanaka.username()));
        } finally {
            FileSystemUtils.deleteRecursively(downloads);
        }
    }

    private void signIn(Chromium chromium, MfaLogin login) {
        ChromeDriver browser = chromium.browser();
        browser.get(base() + "/login");
        browser.findElement(By.id("username")).sendKeys(login.username());
        browser.findElement(By.id("password")).sendKeys(login.password());
        browser.findElement(By.id("login-submit")).click();
        chromium.until(d -> d.getCurrentUrl().endsWith("/login/mfa"));
        browser.findElement(By.id("mfa-code")).sendKeys(login.app().nextCode());
        browser.findElement(By.id("mfa-submit")).click();
        chromium.until(d -> !d.getCurrentUrl().contains("/login"));
    }

    /** The one finished file in the directory (Chromium writes .crdownload until it is done). */
    private static Path awaitDownload(Path directory) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<Path> done = files(directory).stream().filter(p -> !p.toString().endsWith(".crdownload")).toList();
            if (done.size() == 1 && files(directory).size() == 1) {
                return done.getFirst();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no download in " + directory + ": " + files(directory));
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> listed = Files.list(directory)) {
            return listed.toList();
        }
    }
}
