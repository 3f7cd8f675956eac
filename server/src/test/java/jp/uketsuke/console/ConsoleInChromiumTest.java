package jp.uketsuke.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import jp.uketsuke.identity.Role;
import jp.uketsuke.web.Authenticator;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A real browser: first login with a one-time password, the forced change, TOTP enrolment, a call's transcript and
 * its recording, then signing out and in again with password and TOTP.
 */
class ConsoleInChromiumTest extends RunningServer {

    private Chromium chromium;
    private ChromeDriver browser;

    @BeforeEach
    void startBrowser() throws IOException {
        chromium = Chromium.start("--autoplay-policy=no-user-gesture-required");
        browser = chromium.browser();
    }

    @AfterEach
    void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void tenantAdminChangesOneTimePasswordEnrolsTotpReadsTranscriptPlaysRecordingAndSignsInAgainWithTotp() {
        UUID tenant = newTenant();
        UUID id = call(tenant, "明日の予約を変更したいです", "お電話ありがとうございます。ご用件をどうぞ。");
        String username = unique("browser");
        String oneTime = identity.createTenantUser(tenant, username, Role.TENANT_ADMIN);
        Chromium wait = chromium;

        browser.get(base() + "/calls");
        wait.until(d -> d.getCurrentUrl().endsWith("/login"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys("wrong password!!");
        browser.findElement(By.id("login-submit")).click();
        wait.until(d -> !d.findElements(By.id("login-error")).isEmpty());

        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(oneTime);
        browser.findElement(By.id("login-submit")).click();
        wait.until(d -> d.getCurrentUrl().endsWith("/password"));

        String newPassword = "spring rain over kyoto 2026";
        browser.findElement(By.id("currentPassword")).sendKeys(oneTime);
        browser.findElement(By.id("newPassword")).sendKeys(newPassword);
        browser.findElement(By.id("confirmPassword")).sendKeys(newPassword);
        browser.findElement(By.id("password-submit")).click();

        // a tenant administrator must enrol TOTP before anything else; the test plays the authenticator app
        wait.until(d -> d.getCurrentUrl().endsWith("/mfa/enroll"));
        JavascriptExecutor js = browser;
        wait.until(d -> ((Number) js.executeScript("return document.getElementById('mfa-qr').naturalWidth;")).intValue() > 0);
        Authenticator app = new Authenticator(browser.findElement(By.id("mfa-secret")).getText());
        browser.findElement(By.id("mfa-code")).sendKeys(app.nextCode());
        browser.findElement(By.id("mfa-submit")).click();
        wait.until(d -> !d.findElements(By.id("recovery-codes")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#recovery-codes .recovery-code"))).hasSize(10);
        browser.findElement(By.id("mfa-continue")).click();
        wait.until(d -> d.getCurrentUrl().endsWith("/calls"));

        browser.findElement(By.cssSelector("a.call-link[href$='" + id + "']")).click();
        wait.until(d -> d.getCurrentUrl().endsWith("/calls/" + id));
        String transcript = browser.findElement(By.cssSelector("section.transcript")).getText();
        assertThat(transcript).contains("明日の予約を変更したいです").contains("お電話ありがとうございます").contains("01:05");
        assertThat(browser.findElement(By.id("call-caller")).getText()).isEqualTo("090-****-5678");

        Object started = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const audio = document.getElementById('recording');
                audio.play().then(() => done('playing'), e => done('refused: ' + e.name));""");
        assertThat(started).isEqualTo("playing");
        wait.until(d -> ((Number) js.executeScript("return document.getElementById('recording').currentTime;")).doubleValue() > 0);
        @SuppressWarnings("unchecked")
        Map<String, Object> state = (Map<String, Object>) js.executeScript("""
                const a = document.getElementById('recording');
                return {readyState: a.readyState, error: a.error ? a.error.code : null, duration: a.duration};""");
        assertThat(((Number) state.get("readyState")).intValue()).isGreaterThanOrEqualTo(2);
        assertThat(state.get("error")).isNull();
        assertThat(((Number) state.get("duration")).doubleValue()).isBetween(0.9, 1.1);

        browser.get(base() + "/calls/" + id + "?lang=en");
        assertThat(browser.findElement(By.cssSelector("section.transcript h2")).getText()).isEqualTo("Transcript");

        browser.findElement(By.id("account-name")).click(); // the account menu holds ログアウト
        browser.findElement(By.cssSelector("form.logout button")).click();
        wait.until(d -> d.getCurrentUrl().contains("/login"));
        browser.get(base() + "/calls");
        wait.until(d -> d.getCurrentUrl().endsWith("/login"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(newPassword);
        browser.findElement(By.id("login-submit")).click();
        wait.until(d -> d.getCurrentUrl().endsWith("/login/mfa"));
        browser.findElement(By.id("mfa-code")).sendKeys(app.nextCode());
        browser.findElement(By.id("mfa-submit")).click();
        wait.until(d -> d.getCurrentUrl().endsWith("/calls"));
        assertThat(browser.findElements(By.cssSelector("a.call-link[href$='" + id + "']"))).hasSize(1);
    }

    @Test
    void operatorEnrolsTotpSignsInAndSeesOnlyTheAssignedTenants() {
        UUID first = newTenant();
        UUID second = newTenant();
        UUID unassigned = newTenant();
        UUID firstCall = call(first, "first client", "hello");
        UUID secondCall = call(second, "second client", "hello");
        UUID hiddenCall = call(unassigned, "not my client", "hello");
        String username = unique("operator");
        String oneTime = identity.createPlatformUser(username, Role.OPERATOR);
        identity.assign(username, first);
        identity.assign(username, second);
        Chromium wait = chromium;

        browser.get(base() + "/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(oneTime);
        browser.findElement(By.id("login-submit")).click();
        wait.until(d -> d.getCurrentUrl().endsWith("/password"));
        String newPassword = "operator of many clients 2026";
        browser.findElement(By.id("currentPassword")).sendKeys(oneTime);
        browser.findElement(By.id("newPassword")).sendKeys(newPassword);
        browser.findElement(By.id("confirmPassword")).sendKeys(newPassword);
        browser.findElement(By.id("password-submit")).click();
        wait.until(d -> d.getCurrentUrl().endsWith("/mfa/enroll"));
        Authenticator app = new Authenticator(browser.findElement(By.id("mfa-secret")).getText());
        browser.findElement(By.id("mfa-code")).sendKeys(app.nextCode());
        browser.findElement(By.id("mfa-submit")).click();
        wait.until(d -> !d.findElements(By.id("recovery-codes")).isEmpty());
        browser.findElement(By.id("account-name")).click(); // the account menu holds ログアウト
        browser.findElement(By.cssSelector("form.logout button")).click();
        wait.until(d -> d.getCurrentUrl().contains("/login"));

        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(newPassword);
        browser.findElement(By.id("login-submit")).click();
        wait.until(d -> d.getCurrentUrl().endsWith("/login/mfa"));
        browser.findElement(By.id("mfa-code")).sendKeys(app.nextCode());
        browser.findElement(By.id("mfa-submit")).click();
        wait.until(d -> d.getCurrentUrl().endsWith("/calls"));

        assertThat(browser.findElements(By.cssSelector("#tenant option")))
                .extracting(o -> o.getAttribute("value")).containsExactlyInAnyOrder(first.toString(), second.toString());
        browser.get(base() + "/calls?tenant=" + second);
        assertThat(browser.findElements(By.cssSelector("a.call-link[href$='" + secondCall + "']"))).hasSize(1);
        browser.get(base() + "/calls?tenant=" + first);
        assertThat(browser.findElements(By.cssSelector("a.call-link[href$='" + firstCall + "']"))).hasSize(1);
        assertThat(browser.findElements(By.id("nav-users"))).isEmpty();
        browser.get(base() + "/calls/" + hiddenCall);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("見つかりません");
        assertThat(browser.getPageSource()).doesNotContain("not my client");
    }
}
