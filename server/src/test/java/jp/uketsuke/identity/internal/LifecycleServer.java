package jp.uketsuke.identity.internal;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.uketsuke.config.MutableClock;
import jp.uketsuke.identity.IdentityAdmin;
import jp.uketsuke.identity.Role;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.web.Authenticator;
import jp.uketsuke.web.HttpsClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on a random HTTPS port with its own data directory, a real SMTP server (GreenMail on a free
 * loopback port) as its mail server, and a clock the tests move. Shared by the account-lifecycle tests so that it
 * starts once; each test makes its own tenants and users.
 *
 * <p>The clock stands still unless a test moves it, so second-factor codes are computed for the server's clock, not
 * the wall clock, and every code is taken from a later 30-second step than the one before (the server refuses a step
 * it has accepted). Sessions are given a long idle time here, so that a jump of the clock by weeks tests what it
 * means to test (dormancy, training expiry) rather than the idle timeout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"uketsuke.sip.enabled=false", "spring.main.banner-mode=off",
                "uketsuke.login.address-free-failures=100000", "uketsuke.login.address-lock-at=100000",
                "server.servlet.session.timeout=1000d", "uketsuke.session.absolute-lifetime=1000d",
                // the tests run the check themselves, at the clock times they choose
                "uketsuke.identity.dormant-check-interval=1000d", "uketsuke.identity.access-review-check-interval=1000d",
                "uketsuke.identity.mail-from=uketsuke@uketsuke.test"})
@Import(LifecycleTestClock.class)
abstract class LifecycleServer {

    protected static final Path DATA_DIR = tempDir();
    protected static final MutableClock CLOCK = new MutableClock(Instant.now());
    protected static final GreenMail SMTP = startSmtp();

    private static final Pattern MFA_SECRET = Pattern.compile("id=\"mfa-secret\">([A-Z2-7 ]+)<");
    private static final Pattern LINK = Pattern.compile("https://\\S+/join/[A-Za-z0-9_-]+");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("uketsuke.data-dir", DATA_DIR::toString);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }

    @LocalServerPort
    protected int port;
    @Autowired
    protected Tenants tenants;
    @Autowired
    protected IdentityAdmin identity;
    @Autowired
    protected JdbcClient jdbc;

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("uketsuke-lifecycle-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GreenMail startSmtp() {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Runtime.getRuntime().addShutdownHook(new Thread(smtp::stop));
        return smtp;
    }

    protected HttpsClient client() {
        return new HttpsClient("https://localhost:" + port, DATA_DIR.resolve("tls/server.crt"));
    }

    protected static String unique(String stem) {
        return stem + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static String address(String stem) {
        return unique(stem) + "@example.test";
    }

    protected UUID newTenant() {
        return tenants.create(unique("Tenant "), "ja");
    }

    protected static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElse("");
    }

    /**
     * Where a finished sign-in takes the user: it ends on "/", which sends them on to the first page their permissions
     * open. A response that leads elsewhere (a further step, a refusal) is answered as it is.
     */
    protected static String landing(HttpsClient c, HttpResponse<String> signedIn) {
        String next = location(signedIn);
        return next.endsWith("/") ? location(c.get("/")) : next;
    }

    /** The code the user's app shows at the server's time, one step later than any code before it. */
    protected static String nextCode(Authenticator app) {
        CLOCK.advance(Duration.ofSeconds(30));
        return app.code(Math.floorDiv(CLOCK.instant().getEpochSecond(), 30));
    }

    /** Enrols TOTP on the enrolment page as a user with an authenticator app would; returns the app. */
    protected static Authenticator enrol(HttpsClient c) {
        HttpResponse<String> page = c.get("/mfa/enroll");
        Matcher m = MFA_SECRET.matcher(page.body());
        if (!m.find()) {
            throw new AssertionError("no TOTP secret on the enrolment page (status " + page.statusCode() + ")");
        }
        Authenticator app = new Authenticator(m.group(1));
        HttpResponse<String> done = c.post("/mfa/enroll", "/mfa/enroll", Map.of("code", nextCode(app)));
        if (done.statusCode() != 200) {
            throw new AssertionError("enrolment refused: " + done.statusCode());
        }
        return app;
    }

    /** A signed-in user and what they sign in with. */
    protected record User(String username, String password, Authenticator app, HttpsClient client) {

        /** Signs in on a new client, with the second factor when the user has one. */
        HttpsClient signIn(LifecycleServer server) {
            HttpsClient c = server.client();
            HttpResponse<String> login = c.tryLogin(username, password);
            if (location(login).endsWith("/login/mfa")) {
                c.tryMfa(nextCode(app));
            }
            return c;
        }
    }

    /** A tenant user made by the platform (no e-mail address), password changed, enrolled when required. */
    protected User tenantUser(UUID tenant, Role role) {
        String username = unique(role == Role.TENANT_ADMIN ? "admin" : "staff");
        String oneTime = identity.createTenantUser(tenant, username, role);
        HttpsClient c = client();
        c.login(username, oneTime);
        String password = "Correct horse battery " + UUID.randomUUID();
        HttpResponse<String> changed = c.changePassword(oneTime, password);
        Authenticator app = location(changed).endsWith("/mfa/enroll") ? enrol(c) : null;
        return new User(username, password, app, c);
    }

    /** A platform user of the role made by the installation (no e-mail address), password changed, MFA enrolled. */
    protected User platformUser(Role role) {
        String username = unique(role.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        String oneTime = identity.createPlatformUser(username, role);
        HttpsClient c = client();
        c.login(username, oneTime);
        String password = "Correct horse battery " + UUID.randomUUID();
        c.changePassword(oneTime, password);
        return new User(username, password, enrol(c), c);
    }

    /** The platform administrator, given a new password and second factor, signed in. */
    protected User platformAdmin() {
        String oneTime = identity.resetPassword(IdentityAdmin.PLATFORM_ADMIN);
        identity.resetMfa(IdentityAdmin.PLATFORM_ADMIN);
        HttpsClient c = client();
        c.login(IdentityAdmin.PLATFORM_ADMIN, oneTime);
        String password = "operator of the platform " + UUID.randomUUID();
        c.changePassword(oneTime, password);
        return new User(IdentityAdmin.PLATFORM_ADMIN, password, enrol(c), c);
    }

    /** Invites {@code email} from the inviter's session; returns the response page. */
    protected static HttpResponse<String> invite(HttpsClient inviter, String email, String username, Role role) {
        return inviter.post("/invitations", "/invitations", Map.of("email", email, "username", username,
                "role", "builtin:" + role.name()));
    }

    /** The mails GreenMail received for one address, oldest first. */
    protected static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(SMTP.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(address));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    protected static String body(MimeMessage mail) {
        try {
            return (String) mail.getContent();
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The invitation link in the one mail sent to {@code address}, as a path on the server. */
    protected static String invitationPath(String address) {
        List<MimeMessage> mails = mailsTo(address);
        if (mails.size() != 1) {
            throw new AssertionError(mails.size() + " mails to the invitee");
        }
        Matcher m = LINK.matcher(body(mails.getFirst()));
        if (!m.find()) {
            throw new AssertionError("no invitation link in the mail");
        }
        return URI.create(m.group()).getPath();
    }

    /** Follows an invitation link and creates the account; returns the invitee's client and the final redirect. */
    protected Joined join(String path, String password) {
        HttpsClient c = client();
        HttpResponse<String> opened = c.get(path);
        if (!location(opened).endsWith("/join")) {
            throw new AssertionError("invitation link refused: " + opened.statusCode());
        }
        HttpResponse<String> created = c.post("/join", "/join", Map.of("newPassword", password, "confirmPassword", password));
        return new Joined(c, created);
    }

    protected record Joined(HttpsClient client, HttpResponse<String> response) {
    }

    protected long auditCount(String action, String target, String result) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE action = ? AND target = ? AND result = ?")
                .params(action, target, result).query(Long.class).single();
    }

    protected long auditCount(String action, String result) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE action = ? AND result = ?")
                .params(action, result).query(Long.class).single();
    }
}
