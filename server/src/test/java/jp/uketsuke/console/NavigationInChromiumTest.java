package jp.uketsuke.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;

/**
 * The console's header as a browser lays it out: on one line at 1280×720 in both languages, work first and one settings
 * entry; a skip link first in the keyboard order; at phone width a menu that opens without scripts.
 */
class NavigationInChromiumTest extends RunningServer {

    @Test
    void theHeaderIsOneLineAt1280AndTheCurrentPageIsMarked() throws Exception {
        UUID tenant = newTenant();
        MfaLogin admin = adminWithMfa(tenant, client());
        try (Chromium chromium = Chromium.start("--window-size=1280,720")) {
            ChromeDriver browser = chromium.browser();
            signIn(chromium, admin);
            for (String page : List.of("/calls", "/settings", "/audit", "/calls?lang=en", "/settings", "/audit?lang=ja")) {
                browser.get(base() + page);
                chromium.until(d -> !d.findElements(By.id("nav-settings")).isEmpty());
                assertThat((Long) browser.executeScript("return window.innerWidth;")).isEqualTo(1280L);
                List<Map<String, Object>> items = chromium.boxes("header.top .brand, header.top nav a, header.top .languages a,"
                        + " header.top summary");
                assertThat(items).extracting(i -> i.get("id")).contains("nav-dashboard", "nav-calls", "nav-callbacks",
                        "nav-settings", "account-name");
                double brandTop = number(items.getFirst(), "top");
                double brandBottom = number(items.getFirst(), "bottom");
                double centre = (brandTop + brandBottom) / 2;
                assertThat(items).as(page).allSatisfy(item -> {
                    // a wrapped label (ログアウ/ト) doubles its height; a wrapped header moves items down a line
                    assertThat(number(item, "height")).as(item.toString()).isLessThan(40);
                    double middle = (number(item, "top") + number(item, "bottom")) / 2;
                    assertThat(Math.abs(middle - centre)).as(item.toString()).isLessThan(8);
                    assertThat(number(item, "right")).as(item.toString()).isLessThanOrEqualTo(1280);
                });
                assertThat(number(chromium.boxes("header.top").getFirst(), "height")).as(page).isLessThan(70);
            }
            browser.get(base() + "/settings");
            assertThat(browser.findElement(By.id("nav-settings")).getAttribute("aria-current")).isEqualTo("page");
            assertThat(browser.findElement(By.id("nav-calls")).getAttribute("aria-current")).isNull();
            browser.get(base() + "/calls");
            assertThat(browser.findElement(By.id("nav-calls")).getAttribute("aria-current")).isEqualTo("page");

            // the keyboard: the skip link comes first and leads past the header; the account menu opens with Enter
            new Actions(browser).sendKeys(Keys.TAB).perform();
            assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("skip-link");
            assertThat(number(chromium.boxes("#skip-link").getFirst(), "left")).isGreaterThanOrEqualTo(0);
            new Actions(browser).sendKeys(Keys.ENTER).perform();
            chromium.until(d -> "main-content".equals(d.switchTo().activeElement().getAttribute("id")));
            browser.findElement(By.id("account-name")).sendKeys(Keys.ENTER);
            chromium.until(d -> d.findElement(By.cssSelector("form.logout button")).isDisplayed());
            assertThat(browser.findElement(By.id("nav-sessions")).isDisplayed()).isTrue();
        }
    }

    @Test
    void atPhoneWidthTheMenuOpensWithoutScriptsAndEveryEntryIsReachable() throws Exception {
        UUID tenant = newTenant();
        MfaLogin admin = adminWithMfa(tenant, client());
        try (Chromium chromium = Chromium.start("--window-size=800,900")) {
            ChromeDriver browser = chromium.browser();
            // a phone's viewport: headless windows are never narrower than 500 px, so the page is told it is on one
            browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", false));
            signIn(chromium, admin);
            browser.get(base() + "/calls");
            chromium.until(d -> !d.findElements(By.id("nav-toggle-label")).isEmpty());
            assertThat((Long) browser.executeScript("return window.innerWidth;")).isEqualTo(390L);
            assertThat(browser.findElement(By.id("nav-calls")).isDisplayed()).isFalse();
            assertThat(browser.findElement(By.id("nav-toggle-label")).isDisplayed()).isTrue();

            browser.findElement(By.id("nav-toggle-label")).click();
            for (String entry : List.of("nav-dashboard", "nav-calls", "nav-callbacks", "nav-settings")) {
                assertThat(browser.findElement(By.id(entry)).isDisplayed()).as(entry).isTrue();
            }
            assertThat(chromium.boxes("header.top nav a")).allSatisfy(item ->
                    assertThat(number(item, "right")).as(item.toString()).isLessThanOrEqualTo(390));
            browser.findElement(By.id("nav-settings")).click();
            chromium.until(d -> d.getCurrentUrl().endsWith("/settings"));
            assertThat(browser.findElement(By.id("nav-users")).isDisplayed()).isTrue();
            assertThat((Long) browser.executeScript("return document.documentElement.scrollWidth;")).isLessThanOrEqualTo(390L);
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

    private static double number(Map<String, Object> box, String key) {
        return ((Number) box.get(key)).doubleValue();
    }
}
