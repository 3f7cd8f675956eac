package jp.uketsuke.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.UUID;
import java.util.function.Predicate;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The call-flow journey in a real browser: a tenant administrator signs in, changes a prompt, adds an FAQ entry, hears
 * it answered in the simulator, publishes (version 1 → 2), rolls back to version 1 and sees the versions page say so.
 */
class FlowInChromiumTest extends RunningServer {

    private Chromium chromium;
    private ChromeDriver browser;

    @BeforeEach
    void startBrowser() throws IOException {
        chromium = Chromium.start("--window-size=1400,1000");
        browser = chromium.browser();
    }

    @AfterEach
    void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private void until(Predicate<WebDriver> condition) {
        chromium.until(condition);
    }

    private void replace(By field, String text) {
        WebElement element = browser.findElement(field);
        element.clear();
        element.sendKeys(text);
    }

    /** Submits by the button's id and waits for the next page to be a different document. */
    private void submit(String buttonId) {
        WebElement button = browser.findElement(By.id(buttonId));
        WebElement html = browser.findElement(By.tagName("html"));
        button.click();
        until(d -> {
            try {
                html.isDisplayed();
                return false;
            } catch (org.openqa.selenium.WebDriverException replaced) {
                // stale, or (Chromium 156, while the next document loads) "does not belong to the document"
                return true;
            }
        });
    }

    @Test
    void tenantAdminEditsSimulatesPublishesAndRollsBackTheFlow() {
        // an English flow: espeak-ng speaks it everywhere, Japanese prompts need the Open JTalk voice (the console is
        // in Japanese either way)
        UUID tenant = tenants.create(unique("Tenant "), "en");
        MfaLogin login = adminWithMfa(tenant, client());

        browser.get(base() + "/login");
        browser.findElement(By.id("username")).sendKeys(login.username());
        browser.findElement(By.id("password")).sendKeys(login.password());
        browser.findElement(By.id("login-submit")).click();
        until(d -> d.getCurrentUrl().endsWith("/login/mfa"));
        browser.findElement(By.id("mfa-code")).sendKeys(login.app().nextCode());
        browser.findElement(By.id("mfa-submit")).click();
        until(d -> !d.findElements(By.id("nav-settings")).isEmpty());

        // version 1: the standard flow the tenant starts with, published as it is; found through the settings hub
        browser.findElement(By.id("nav-settings")).click();
        until(d -> !d.findElements(By.id("nav-flow")).isEmpty());
        browser.findElement(By.id("nav-flow")).click();
        until(d -> d.getCurrentUrl().contains("/flow"));
        submit("flow-publish");
        until(d -> d.getCurrentUrl().contains("/flow/versions"));
        assertThat(browser.findElement(By.id("versions-in-use")).getText()).contains("バージョン 1");
        browser.findElement(By.id("tab-flow")).click();
        until(d -> !d.findElements(By.id("node-greeting-prompt")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#flow-diagram a.box"))).hasSizeGreaterThan(5);
        replace(By.id("node-greeting-prompt"), "Thank you for calling Browser Shop.");
        submit("node-greeting-save");
        assertThat(browser.findElement(By.id("flow-saved")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("node-greeting-prompt")).getAttribute("value"))
                .isEqualTo("Thank you for calling Browser Shop.");

        browser.findElement(By.id("tab-faq")).click();
        until(d -> !d.findElements(By.id("faq-new-id")).isEmpty());
        browser.findElement(By.id("faq-new-id")).sendKeys("parking");
        browser.findElement(By.id("faq-new-phrases")).sendKeys("do you have parking\nparking");
        browser.findElement(By.id("faq-new-answer")).sendKeys("There is parking for ten cars behind the building.");
        submit("faq-add");
        assertThat(browser.findElements(By.id("faq-parking"))).hasSize(1);

        browser.findElement(By.id("tab-simulator")).click();
        until(d -> !d.findElements(By.id("sim-turns")).isEmpty());
        browser.findElement(By.id("sim-turns")).sendKeys("do you have parking");
        submit("sim-run");
        String turns = browser.findElement(By.id("sim-turns-out")).getText();
        assertThat(turns).contains("Thank you for calling Browser Shop.",
                "There is parking for ten cars behind the building.");
        assertThat(browser.findElement(By.id("sim-answers")).getText()).contains("parking");
        assertThat(browser.findElement(By.id("sim-outcome")).getText()).isEqualTo("FAQ_ANSWERED");

        browser.findElement(By.id("tab-flow")).click();
        until(d -> !d.findElements(By.id("flow-publish")).isEmpty());
        assertThat(browser.findElements(By.id("flow-publishable"))).hasSize(1);
        submit("flow-publish");
        until(d -> d.getCurrentUrl().contains("/flow/versions"));
        assertThat(browser.findElement(By.id("versions-published")).getText()).contains("2");
        assertThat(browser.findElement(By.cssSelector("#version-2 .state")).getText()).isEqualTo("使用中");
        assertThat(browser.findElement(By.cssSelector("#version-1 .state")).getText()).isEmpty();

        submit("rollback-1");
        assertThat(browser.findElement(By.id("versions-rolled-back")).getText()).isEqualTo("バージョン 1 に戻しました。");
        assertThat(browser.findElement(By.id("versions-in-use")).getText()).contains("バージョン 1");
        assertThat(browser.findElement(By.cssSelector("#version-1 .state")).getText()).isEqualTo("使用中");
        assertThat(browser.findElements(By.id("rollback-2"))).hasSize(1);

        browser.findElement(By.id("compare-submit")).click();
        until(d -> !d.findElements(By.id("comparison")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#comparison tr[data-row='greeting']")).getAttribute("class"))
                .contains("changed");
    }
}
