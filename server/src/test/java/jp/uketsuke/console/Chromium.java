package jp.uketsuke.console;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.util.FileSystemUtils;

/**
 * Debian's Chromium, headless, driven through its ChromeDriver, with a profile of its own that is removed on close.
 * Started without the background networking this closed machine refuses.
 */
final class Chromium implements AutoCloseable {

    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final String BINARY = "/usr/bin/chromium";

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver browser;

    private Chromium(Path profile, ChromeDriverService service, ChromeDriver browser) {
        this.profile = profile;
        this.service = service;
        this.browser = browser;
    }

    /** Skips the test when the Debian packages chromium and chromium-driver are not installed. */
    static Chromium start(String... moreArguments) throws IOException {
        assumeTrue(CHROMEDRIVER.canExecute() && new File(BINARY).canExecute(), "Debian chromium and chromium-driver");
        Path profile = Files.createTempDirectory("uketsuke-chromium");
        List<String> arguments = new ArrayList<>(List.of("--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--ignore-certificate-errors", "--user-data-dir=" + profile));
        arguments.addAll(List.of(moreArguments));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments(arguments);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        return new Chromium(profile, service, new ChromeDriver(service, options));
    }

    ChromeDriver browser() {
        return browser;
    }

    /** Polls the page until a condition holds; the limit only stops a broken run from hanging. */
    void until(Predicate<WebDriver> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.test(browser)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached; page is " + browser.getCurrentUrl());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * The page's visible elements matching the selector as the browser laid them out: their text and bounding box in
     * CSS pixels, for checks of layout (one line, nothing hidden) that markup alone cannot prove.
     */
    @SuppressWarnings("unchecked")
    java.util.List<java.util.Map<String, Object>> boxes(String selector) {
        return (java.util.List<java.util.Map<String, Object>>) browser.executeScript("""
                return Array.from(document.querySelectorAll(arguments[0]))
                    .filter(e => e.getClientRects().length > 0)
                    .map(e => { const r = e.getBoundingClientRect();
                        return {id: e.id, text: e.innerText, top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                                height: r.height}; });""", selector);
    }

    @Override
    public void close() {
        browser.quit();
        service.stop();
        FileSystemUtils.deleteRecursively(profile.toFile());
    }
}
