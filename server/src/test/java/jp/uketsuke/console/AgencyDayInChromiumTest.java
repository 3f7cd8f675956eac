package jp.uketsuke.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.uketsuke.hours.BusinessHours;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Role;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.testing.ExternalProgram;
import jp.uketsuke.testing.FreePorts;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.FlowEditing;
import jp.uketsuke.voicebot.Node;
import jp.uketsuke.voicebot.Prompt;
import jp.uketsuke.web.Authenticator;
import jp.uketsuke.web.HttpsClient;
import jp.uketsuke.calls.CallJournal;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.calls.RecordingWriter;
import jp.uketsuke.calls.Speaker;
import jp.uketsuke.identity.IdentityAdmin;
import jp.uketsuke.tenancy.Tenants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 11's proof as a browser sees it, on the whole server with SIP on and a real SMTPS server (GreenMail over
 * implicit TLS, its certificate trusted through a Spring SSL bundle as an operator would configure it): a tenant
 * administrator's first day — first sign-in, an e-mail destination verified with the code that arrived by mail, a
 * rule; a real call placed by SIPp appears in the open call list without a reload; its notice arrives at SUMMARY level
 * with the number masked and nothing reaches the unverified destination; the call worked on (recording, structured
 * note, status by keyboard, assignment), then /callbacks and /dashboard. Also: every form control has a label, and the
 * call list and call page fit a 1280×720 window and a phone's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.main.banner-mode=off", "uketsuke.login.address-free-failures=100000",
                "uketsuke.login.address-lock-at=100000"})
class AgencyDayInChromiumTest {

    /**
     * A data directory of this class's own: this context (SIP, mail) must not share H2 files with RunningServer's, which
     * is why the class does not extend it (a subclass cannot override the base's data directory).
     */
    private static final Path OWN_DATA_DIR = directory("uketsuke-agency-day");
    private static final int SIP_PORT = FreePorts.udpAndTcp();
    private static final GreenMail SMTPS = startSmtps();
    private static final String CALLER = "09011112222"; // the From of sipp/caller-presses-keys.xml
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @DynamicPropertySource
    static void telephonyAndMail(DynamicPropertyRegistry registry) {
        registry.add("uketsuke.data-dir", OWN_DATA_DIR::toString);
        registry.add("uketsuke.sip.enabled", () -> "true");
        registry.add("uketsuke.sip.port", () -> SIP_PORT);
        registry.add("uketsuke.sip.bind-address", () -> "127.0.0.1");
        registry.add("uketsuke.sip.advertised-address", () -> "127.0.0.1");
        registry.add("uketsuke.sip.trunks.test-callers.address", () -> "127.0.0.1");
        registry.add("uketsuke.sip.trunks.test-callers.numbers", () -> "0500000000-0509999999");
        // SIPp sends no audio between its keys
        registry.add("uketsuke.rtp.timeout", () -> "120s");
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTPS.getSmtps().getPort());
        registry.add("spring.mail.protocol", () -> "smtps");
        registry.add("spring.mail.ssl.bundle", () -> "test-smtp");
        registry.add("spring.ssl.bundle.pem.test-smtp.truststore.certificate", () -> "file:" + smtpCertificate());
        registry.add("uketsuke.notify.mail-from", () -> "uketsuke@uketsuke.test");
    }

    @LocalServerPort
    int port;
    @Autowired
    Tenants tenants;
    @Autowired
    IdentityAdmin identity;
    @Autowired
    CallJournal journal;
    @Autowired
    FlowEditing flows;
    @Value("${uketsuke.data-dir}")
    Path dataDir;

    @AfterAll
    static void stopMail() {
        SMTPS.stop();
    }

    private String base() {
        return "https://localhost:" + port;
    }

    private HttpsClient client() {
        return new HttpsClient(base(), OWN_DATA_DIR.resolve("tls/server.crt"));
    }

    private static String unique(String stem) {
        return stem + UUID.randomUUID().toString().substring(0, 8);
    }

    private UUID newTenant() {
        return tenants.create(unique("Tenant "), "ja");
    }

    /** A tenant administrator who has changed the one-time password and enrolled TOTP (as RunningServer makes one). */
    private MfaLogin adminWithMfa(UUID tenant) {
        String username = unique("tenant-admin");
        String oneTime = identity.createTenantUser(tenant, username, Role.TENANT_ADMIN);
        HttpsClient c = client();
        c.login(username, oneTime);
        String password = "Correct horse battery " + UUID.randomUUID();
        c.changePassword(oneTime, password);
        return new MfaLogin(username, password, c.enrolMfa().app());
    }

    private record MfaLogin(String username, String password, Authenticator app) {
    }

    /** A finished message with two turns and a one-second recording, written through the journal (no SIP). */
    private UUID journalCall(UUID tenant, String callerSays, String botSays) {
        Instant start = Instant.now().minusSeconds(60);
        UUID id = journal.open(tenant, "09012345678", "0500000000", start);
        journal.addTurn(id, Speaker.BOT, Duration.ofSeconds(1), botSays);
        journal.addTurn(id, Speaker.CALLER, Duration.ofSeconds(65), callerSays);
        try (RecordingWriter recording = journal.openRecording(id, 8000)) {
            for (int frame = 0; frame < 50; frame++) {
                recording.write(new short[160], new short[160]);
            }
        }
        journal.close(id, start.plusSeconds(70), CallOutcome.MESSAGE_TAKEN);
        return id;
    }

    @Test
    void anAgencysDayFromFirstSignInToANotifiedCallWorkedOnAndTheDashboard() throws Exception {
        assertThat(dataDir).as("this context has its own data directory").isEqualTo(OWN_DATA_DIR);
        UUID tenant = newTenant();
        String dialled = "0509" + String.format("%06d", (int) (Math.random() * 1_000_000));
        tenants.assignNumber(tenant, dialled);
        publishMessageTaker(tenant);
        String username = unique("agency");
        String oneTime = identity.createTenantUser(tenant, username, Role.TENANT_ADMIN);
        String verifiedAddress = unique("desk") + "@example.test";
        String unverifiedAddress = unique("stranger") + "@example.test";

        try (Chromium chromium = Chromium.start("--window-size=1280,720", "--autoplay-policy=no-user-gesture-required")) {
            ChromeDriver browser = chromium.browser();
            firstSignIn(chromium, username, oneTime);

            // 設定 → 通知
            browser.findElement(By.id("nav-settings")).click();
            chromium.until(d -> d.getCurrentUrl().endsWith("/settings"));
            browser.findElement(By.id("nav-notifications")).click();
            chromium.until(d -> d.getCurrentUrl().contains("/notifications"));
            assertEveryControlIsLabelled(browser, "/notifications (empty)");

            // an e-mail destination, verified with the code the mail server received
            addDestination(chromium, "事務所のメール", verifiedAddress);
            assertThat(browser.findElement(By.id("notify-state")).getText()).isEqualTo("未確認");
            assertEveryControlIsLabelled(browser, "destination page");
            browser.findElement(By.id("notify-send-code")).click();
            MimeMessage codeMail = awaitMail(verifiedAddress, m -> true, Duration.ofSeconds(30));
            assertThat(codeMail.getSubject()).startsWith("【受付】通知先の確認コード");
            String code = sixDigits(body(codeMail));
            chromium.until(d -> !d.findElements(By.id("notify-code")).isEmpty());
            browser.findElement(By.id("notify-code")).sendKeys(code);
            browser.findElement(By.id("notify-verify")).click();
            chromium.until(d -> "確認済み".equals(textOf(d, "notify-state")));
            String destinationId = browser.getCurrentUrl().replaceAll(".*/destinations/([0-9a-f-]{36}).*", "$1");

            // a second destination, never verified, that a rule also points at
            browser.get(base() + "/notifications");
            addDestination(chromium, "未確認の宛先", unverifiedAddress);
            String strangerId = browser.getCurrentUrl().replaceAll(".*/destinations/([0-9a-f-]{36}).*", "$1");
            browser.get(base() + "/notifications");
            assertThat(browser.findElement(By.cssSelector("#destination-" + destinationId + " .notify-state")).getText())
                    .isEqualTo("確認済み");
            assertThat(browser.findElement(By.cssSelector("#destination-" + strangerId + " .notify-state")).getText())
                    .isEqualTo("未確認");
            addMessageTakenRule(chromium, destinationId);
            addMessageTakenRule(chromium, strangerId);
            assertThat(browser.findElements(By.cssSelector("form.notify-rule[id^='rule-']"))).hasSize(2);
            assertEveryControlIsLabelled(browser, "/notifications (destinations and rules)");

            // the call list is open; a real call arrives and appears without a reload
            browser.findElement(By.id("nav-calls")).click();
            chromium.until(d -> d.getCurrentUrl().endsWith("/calls"));
            assertEveryControlIsLabelled(browser, "/calls");
            browser.executeScript("window.journeyMarker = 'still the same page';");
            chromium.until(d -> !d.findElement(By.id("call-list-status")).getText().isBlank()); // the stream is open
            assertThat(browser.findElements(By.cssSelector("#call-list-rows tr[data-call]"))).isEmpty();
            CompletableFuture<Integer> sipp = CompletableFuture.supplyAsync(() -> placeCall(dialled));
            waitFor(Duration.ofSeconds(60), () -> !browser.findElements(By.cssSelector("#call-list-rows tr[data-call]")).isEmpty());
            String callId = browser.findElement(By.cssSelector("#call-list-rows tr[data-call]")).getAttribute("data-call");
            assertThat(sipp.get()).as("SIPp exit status (0: the call went as the scenario says)").isZero();
            // the list is replaced under the test's feet (the row comes back when the call ends): read it by script
            waitFor(Duration.ofSeconds(30), () -> "伝言を受付".equals(browser.executeScript(
                    "const o = document.querySelector(\"#call-list-rows tr[data-call='\" + arguments[0] + \"'] .outcome\");"
                            + " return o ? o.textContent.trim() : null;", callId)));
            assertThat(browser.executeScript("return window.journeyMarker;")).as("no navigation happened")
                    .isEqualTo("still the same page");
            String row = browser.findElement(By.cssSelector("#call-list-rows tr[data-call='" + callId + "']")).getText();
            assertThat(row).contains("090-****-2222").doesNotContain(CALLER).contains("未対応");

            // the notice: at the verified destination, at SUMMARY level, the number masked; nothing to the other
            MimeMessage notice = awaitMail(verifiedAddress, m -> body(m).contains("/calls/" + callId), Duration.ofSeconds(90));
            String text = body(notice);
            assertThat(text).contains("発信者: 090-****-2222").contains("伝言を受付")
                    .doesNotContain(CALLER).doesNotContain("090-1111-2222").doesNotContain("1111-2222")
                    // with no console URL configured the link is this server's, at the port it really listens on
                    .contains(base() + "/calls/" + callId)
                    .as("a SUMMARY notice has no transcript").doesNotContain("文字起こし").doesNotContain("[DTMF 5]");
            assertThat(text.contains("用件の種類:") || text.contains("要約はまだありません"))
                    .as("a SUMMARY notice carries the summary, or says it has none yet: " + text).isTrue();
            assertThat(messagesTo(unverifiedAddress)).as("the unverified destination received nothing").isEmpty();
            assertThat(mailCount(verifiedAddress, m -> body(m).contains("/calls/" + callId))).as("one notice").isEqualTo(1);

            // the call: recording, a structured note with a callback, status by keyboard, assigned to me
            browser.findElement(By.cssSelector("#call-list-rows tr[data-call='" + callId + "'] a.call-link")).click();
            chromium.until(d -> d.getCurrentUrl().endsWith("/calls/" + callId));
            assertThat(browser.findElement(By.id("call-caller")).getText()).isEqualTo("090-****-2222");
            assertEveryControlIsLabelled(browser, "call page");
            Object started = browser.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    document.getElementById('recording').play().then(() => done('playing'), e => done('refused: ' + e.name));""");
            assertThat(started).isEqualTo("playing");
            chromium.until(d -> ((Number) browser.executeScript("return document.getElementById('recording').currentTime;"))
                    .doubleValue() > 0);
            assertThat(browser.executeScript("return document.getElementById('recording').error;")).isNull();

            String due = writeNoteWithCallback(chromium);
            chromium.until(d -> !d.findElements(By.cssSelector("ol.note-list li.note")).isEmpty());
            String note = browser.findElement(By.cssSelector("ol.note-list li.note")).getText();
            assertThat(note).contains("山田").contains("山田工務店").contains("見積もりの件で折り返しがほしい")
                    .contains("折り返し依頼").contains("必要");
            assertThat(browser.findElement(By.id("call-callbacks")).getText()).contains("未完了");

            pressWithKeyboardOnly(chromium, "status-IN_PROGRESS", Keys.SPACE);
            chromium.until(d -> textOf(d, "work-status").equals("対応中"));
            pressWithKeyboardOnly(chromium, "status-DONE", Keys.ENTER);
            chromium.until(d -> textOf(d, "work-status").equals("対応済み"));
            browser.findElement(By.id("assign-me")).click();
            chromium.until(d -> textOf(d, "work-assignee").equals(username));
            assertThat(browser.findElements(By.id("work-error"))).isEmpty();

            // /callbacks lists the task; /dashboard counts the day
            browser.findElement(By.id("nav-callbacks")).click();
            chromium.until(d -> d.getCurrentUrl().contains("/callbacks"));
            assertEveryControlIsLabelled(browser, "/callbacks");
            WebElement task = browser.findElement(By.cssSelector("#callbacks-list a[href$='/calls/" + callId + "']"))
                    .findElement(By.xpath("ancestor::tr"));
            // an administrator holds transcripts:unredacted: the number to call back is shown whole (the read is audited)
            assertThat(task.getText()).contains("0312345678").contains(username)
                    .contains(due.substring(0, 10).replace('-', '/'));
            assertThat(browser.findElement(By.id("overdue-count")).getText()).contains("0");

            browser.findElement(By.id("nav-dashboard")).click();
            chromium.until(d -> d.getCurrentUrl().contains("/dashboard"));
            assertThat(browser.findElement(By.id("figure-calls")).getText()).isEqualTo("1");
            assertThat(browser.findElement(By.id("figure-in-progress")).getText()).isEqualTo("0");
            assertThat(browser.findElement(By.id("figure-messages")).getText()).as("the message was dealt with")
                    .isEqualTo("0");
            assertThat(browser.findElement(By.id("figure-overdue-callbacks")).getText()).isEqualTo("0");
            assertThat(browser.findElement(By.id("figure-failed-notifications")).getText()).isEqualTo("0");
        }
        assertThat(messagesTo(unverifiedAddress)).as("still nothing for the unverified destination").isEmpty();
    }

    @Test
    void theCallListAndTheCallPageFitA1280WindowAndAPhone() throws Exception {
        UUID tenant = newTenant();
        UUID id = journalCall(tenant, "来週の打ち合わせの件で、担当の方から折り返しのお電話をいただけますでしょうか", "ご用件をどうぞ");
        MfaLogin admin = adminWithMfa(tenant);
        try (Chromium chromium = Chromium.start("--window-size=1280,720")) {
            ChromeDriver browser = chromium.browser();
            signIn(chromium, admin);
            // the call page as it is once worked on: a note, a callback task, a tag
            browser.get(base() + "/calls/" + id);
            writeNoteWithCallback(chromium);
            chromium.until(d -> !d.findElements(By.id("call-callbacks")).isEmpty());
            browser.findElement(By.id("tag-add")).sendKeys("見積もり依頼");
            browser.findElement(By.cssSelector("#tag-form button[type='submit']")).click();
            chromium.until(d -> !d.findElements(By.cssSelector("#tags .tag-name")).isEmpty());
            List<String> overflowing = new ArrayList<>();
            for (String page : List.of("/calls", "/calls/" + id, "/notifications", "/callbacks", "/dashboard")) {
                browser.get(base() + page);
                chromium.until(d -> !d.findElements(By.id("main-content")).isEmpty());
                assertThat((Long) browser.executeScript("return window.innerWidth;")).isEqualTo(1280L);
                overflowing.addAll(overflow(browser, "1280 " + page));
            }
            // a phone's viewport, as NavigationInChromiumTest makes one
            browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", false));
            for (String page : List.of("/calls", "/calls/" + id, "/notifications", "/callbacks", "/dashboard")) {
                browser.get(base() + page);
                chromium.until(d -> !d.findElements(By.id("main-content")).isEmpty());
                assertThat((Long) browser.executeScript("return window.innerWidth;")).isEqualTo(390L);
                overflowing.addAll(overflow(browser, "390 " + page));
            }
            assertThat(overflowing).as("pages wider than the window").isEmpty();
        }
    }

    // --- steps -----------------------------------------------------------------------------------------------------

    /** A structured note: who called, about what, a callback needed by tomorrow 15:00; returns that time as typed. */
    private static String writeNoteWithCallback(Chromium chromium) {
        ChromeDriver browser = chromium.browser();
        String due = LocalDateTime.now(TOKYO).plusDays(1).withHour(15).withMinute(0)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm"));
        browser.findElement(By.id("note-name")).sendKeys("山田");
        browser.findElement(By.id("note-company")).sendKeys("山田工務店");
        choose(browser.findElement(By.id("note-category")), "CALLBACK");
        browser.findElement(By.id("note-text")).sendKeys("見積もりの件で折り返しがほしい");
        WebElement callback = browser.findElement(By.id("note-callback"));
        if (!callback.isSelected()) {
            callback.click();
        }
        browser.findElement(By.id("note-number")).clear();
        browser.findElement(By.id("note-number")).sendKeys("0312345678");
        browser.executeScript("arguments[0].value = arguments[1];", browser.findElement(By.id("note-by")), due);
        browser.findElement(By.cssSelector("#note-form button[type='submit']")).click();
        return due;
    }

    private void firstSignIn(Chromium chromium, String username, String oneTime) {
        ChromeDriver browser = chromium.browser();
        browser.get(base() + "/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(oneTime);
        browser.findElement(By.id("login-submit")).click();
        chromium.until(d -> d.getCurrentUrl().endsWith("/password"));
        String password = "autumn leaves in nara " + UUID.randomUUID();
        browser.findElement(By.id("currentPassword")).sendKeys(oneTime);
        browser.findElement(By.id("newPassword")).sendKeys(password);
        browser.findElement(By.id("confirmPassword")).sendKeys(password);
        browser.findElement(By.id("password-submit")).click();
        chromium.until(d -> d.getCurrentUrl().endsWith("/mfa/enroll"));
        Authenticator app = new Authenticator(browser.findElement(By.id("mfa-secret")).getText());
        browser.findElement(By.id("mfa-code")).sendKeys(app.nextCode());
        browser.findElement(By.id("mfa-submit")).click();
        chromium.until(d -> !d.findElements(By.id("recovery-codes")).isEmpty());
        browser.findElement(By.id("mfa-continue")).click();
        chromium.until(d -> !d.getCurrentUrl().contains("/mfa"));
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

    private static void addDestination(Chromium chromium, String name, String address) {
        ChromeDriver browser = chromium.browser();
        choose(browser.findElement(By.id("add-kind")), "EMAIL");
        browser.findElement(By.id("add-name")).sendKeys(name);
        browser.findElement(By.id("add-address")).sendKeys(address);
        assertThat(browser.findElement(By.id("add-level")).getDomProperty("value"))
                .isEqualTo("SUMMARY");
        browser.findElement(By.id("notify-add-submit")).click();
        chromium.until(d -> d.getCurrentUrl().contains("/notifications/destinations/"));
        assertThat(browser.findElements(By.id("notify-error"))).isEmpty();
    }

    private static void addMessageTakenRule(Chromium chromium, String destinationId) {
        ChromeDriver browser = chromium.browser();
        WebElement form = browser.findElement(By.id("notify-rule-new"));
        choose(form.findElement(By.id("rule-new-destination")), destinationId);
        form.findElement(By.cssSelector("input[name='outcomes'][value='MESSAGE_TAKEN']")).click();
        browser.findElement(By.id("notify-rule-add")).click();
        chromium.until(d -> d.getCurrentUrl().contains("saved") || !d.findElements(By.id("notify-error")).isEmpty());
        assertThat(browser.findElements(By.id("notify-error"))).isEmpty();
    }

    /** The element's text, or "" while the page is being replaced (a form was sent). */
    private static String textOf(org.openqa.selenium.WebDriver page, String id) {
        try {
            return page.findElement(By.id(id)).getText();
        } catch (org.openqa.selenium.NoSuchElementException | org.openqa.selenium.StaleElementReferenceException gone) {
            return "";
        }
    }

    private static void choose(WebElement select, String value) {
        select.findElement(By.cssSelector("option[value='" + value + "']")).click();
        assertThat(select.getDomProperty("value")).isEqualTo(value);
    }

    /** Moves the focus with Tab alone (from the top of the page) to the control, then presses it with the key. */
    private static void pressWithKeyboardOnly(Chromium chromium, String id, Keys press) {
        ChromeDriver browser = chromium.browser();
        browser.executeScript("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);");
        for (int tabs = 0; tabs < 120; tabs++) {
            new Actions(browser).sendKeys(Keys.TAB).perform();
            if (id.equals(browser.switchTo().activeElement().getAttribute("id"))) {
                new Actions(browser).sendKeys(press).perform();
                return;
            }
        }
        throw new AssertionError("Tab never reached #" + id);
    }

    /** Every visible form control has a label of its own or an aria-label (hidden inputs carry no user input). */
    @SuppressWarnings("unchecked")
    private static void assertEveryControlIsLabelled(ChromeDriver browser, String where) {
        List<String> unlabelled = (List<String>) browser.executeScript("""
                return Array.from(document.querySelectorAll('input, select, textarea'))
                    .filter(e => e.type !== 'hidden')
                    .filter(e => !(e.labels && e.labels.length > 0) && !e.getAttribute('aria-label')
                                 && !e.getAttribute('aria-labelledby'))
                    .map(e => e.outerHTML.substring(0, 160));""");
        assertThat(unlabelled).as("controls without a label on " + where).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<String> overflow(ChromeDriver browser, String where) {
        Map<String, Object> widths = (Map<String, Object>) browser.executeScript("""
                const wide = Array.from(document.querySelectorAll('body *'))
                    .filter(e => e.getClientRects().length > 0 && e.getBoundingClientRect().right > window.innerWidth + 0.5)
                    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                        + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '')
                        + ' right=' + Math.round(e.getBoundingClientRect().right));
                return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth, wide: wide};""");
        long scroll = ((Number) widths.get("scroll")).longValue();
        long inner = ((Number) widths.get("inner")).longValue();
        return scroll <= inner ? List.of() : List.of(where + ": scrollWidth " + scroll + " > " + inner + " " + widths.get("wide"));
    }

    // --- the telephone ---------------------------------------------------------------------------------------------

    /** A receptionist that takes a message at once (Japanese), so that a caller's key press leaves one. */
    private void publishMessageTaker(UUID tenant) {
        Viewer editor = new Viewer("test:flows", Set.of(tenant), Set.of(Permissions.FLOWS_EDIT), null);
        flows.saveDraft(editor, tenant, new Flow("ja", "message", List.of(
                new Node.Message("message", Prompt.text("ご用件をどうぞ。"), 30, Prompt.text("承りました。"), "goodbye"),
                new Node.Hangup("goodbye", Prompt.text("失礼いたします。"))), List.of(), List.of(), BusinessHours.standard()));
        flows.publish(editor, tenant);
    }

    /** SIPp calls the number, waits, presses 5 (a message left by key, RFC 4733), and waits for Uketsuke's BYE. */
    private static int placeCall(String dialled) {
        try (DatagramSocket media = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Thread.ofVirtual().start(() -> drain(media));
            Path scenario;
            try (var in = AgencyDayInChromiumTest.class.getResourceAsStream("/sipp/caller-presses-keys.xml")) {
                String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)
                        .replace("m=audio [media_port]", "m=audio " + media.getLocalPort())
                        .replace("  <!-- KEYS: the test puts pauses and RFC 4733 key presses here -->\n",
                                "  <pause milliseconds=\"6000\"/>\n  <nop><action><exec play_pcap_audio="
                                        + "\"/usr/share/sip-tester/dtmf_2833_5.pcap\"/></action></nop>\n");
                scenario = Files.createTempFile("sipp-", "-journey.xml");
                Files.writeString(scenario, text, StandardCharsets.ISO_8859_1);
            }
            String sipp = ExternalProgram.require("sipp", "sip-tester");
            Path log = Files.createTempFile("sipp-", ".log");
            int exit = ExternalProgram.run(List.of(sipp, "127.0.0.1:" + SIP_PORT, "-sf", scenario.toString(),
                    "-s", dialled, "-m", "1", "-i", "127.0.0.1", "-p", String.valueOf(FreePorts.udpAndTcp()),
                    "-mi", "127.0.0.1", "-mp", String.valueOf(FreePorts.udpAndTcp()), "-timeout", "120s",
                    "-timeout_error", "-nostdin", "-trace_err", "-error_file", log + ".errors"), log, Duration.ofSeconds(150));
            if (exit != 0) {
                System.err.println("SIPp output:\n" + ExternalProgram.tail(log) + "\nerrors:\n"
                        + ExternalProgram.tail(Path.of(log + ".errors")));
            }
            return exit;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void drain(DatagramSocket socket) {
        byte[] buffer = new byte[2048];
        while (!socket.isClosed()) {
            try {
                socket.receive(new java.net.DatagramPacket(buffer, buffer.length));
            } catch (IOException closed) {
                return;
            }
        }
    }

    // --- the mail server -------------------------------------------------------------------------------------------

    private interface MailCheck {
        boolean test(MimeMessage message) throws Exception;
    }

    private static MimeMessage awaitMail(String address, MailCheck check, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            for (MimeMessage m : messagesTo(address)) {
                if (check.test(m)) {
                    return m;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no such mail to " + address + " within " + limit);
            }
            Thread.sleep(200);
        }
    }

    private static long mailCount(String address, MailCheck check) throws Exception {
        long count = 0;
        for (MimeMessage m : messagesTo(address)) {
            if (check.test(m)) {
                count++;
            }
        }
        return count;
    }

    private static List<MimeMessage> messagesTo(String address) throws Exception {
        List<MimeMessage> to = new ArrayList<>();
        for (MimeMessage m : SMTPS.getReceivedMessages()) {
            for (var recipient : m.getAllRecipients()) {
                if (recipient.toString().equalsIgnoreCase(address)) {
                    to.add(m);
                }
            }
        }
        return to;
    }

    private static String body(MimeMessage message) throws Exception {
        return ((String) message.getContent()).replace("\r\n", "\n");
    }

    private static String sixDigits(String text) {
        Matcher matcher = Pattern.compile("(\\d{6})").matcher(text);
        assertThat(matcher.find()).as(text).isTrue();
        return matcher.group(1);
    }

    private static void waitFor(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + limit);
            }
            Thread.sleep(100);
        }
    }

    /**
     * GreenMail over implicit TLS with a key made for this run (GreenMail reads its key store once per JVM, from these
     * system properties; another class may have chosen one first — the certificate is read from the server anyway).
     */
    private static GreenMail startSmtps() {
        try {
            if (System.getProperty("greenmail.tls.keystore.file") == null) {
                Path dir = directory("agency-day-smtp-key");
                Path store = dir.resolve("smtp.p12");
                String password = "test-only-keystore";
                Path log = dir.resolve("keytool.log");
                int exit = ExternalProgram.run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                        "-genkeypair", "-alias", "smtp", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                        "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                        "-keystore", store.toString(), "-storepass", password, "-keypass", password), log,
                        Duration.ofSeconds(60));
                if (exit != 0) {
                    throw new IllegalStateException(ExternalProgram.tail(log));
                }
                System.setProperty("greenmail.tls.keystore.file", store.toString());
                System.setProperty("greenmail.tls.keystore.password", password);
                System.setProperty("greenmail.tls.key.password", password);
            }
            GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort());
            mail.start();
            return mail;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The certificate the SMTPS server presents, as PEM, for the SSL bundle the server trusts it through. */
    private static synchronized Path smtpCertificate() {
        try {
            java.security.cert.X509Certificate[][] seen = new java.security.cert.X509Certificate[1][];
            javax.net.ssl.X509TrustManager recorder = new javax.net.ssl.X509TrustManager() {
                @Override
                public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String auth) {
                }

                @Override
                public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String auth) {
                    seen[0] = chain;
                }

                @Override
                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                    return new java.security.cert.X509Certificate[0];
                }
            };
            javax.net.ssl.SSLContext probe = javax.net.ssl.SSLContext.getInstance("TLS");
            probe.init(null, new javax.net.ssl.TrustManager[] {recorder}, null);
            try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) probe.getSocketFactory()
                    .createSocket("127.0.0.1", SMTPS.getSmtps().getPort())) {
                socket.startHandshake();
            }
            Path pem = OWN_DATA_DIR.resolveSibling(OWN_DATA_DIR.getFileName() + "-smtp.pem");
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(seen[0][0].getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            return pem;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path directory(String stem) {
        try {
            return Files.createTempDirectory(stem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
