package jp.uketsuke.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.calls.CallJournal;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.calls.RecordingWriter;
import jp.uketsuke.calls.Speaker;
import jp.uketsuke.identity.IdentityAdmin;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Role;
import jp.uketsuke.tenancy.Tenants;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on a random HTTPS port with a fresh data directory (H2, keys, self-signed certificate),
 * shared by the web tests so that it starts once. Each test makes its own tenants and users.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"uketsuke.sip.enabled=false", "spring.main.banner-mode=off",
                // every test signs in from 127.0.0.1, so the per-address limit would lock out tests that follow a
                // throttling test; LoginThrottleTest proves the address limits with an injected clock
                "uketsuke.login.address-free-failures=100000", "uketsuke.login.address-lock-at=100000"})
public abstract class RunningServer {

    protected static final Path DATA_DIR = tempDir();

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("uketsuke.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    protected int port;
    @Autowired
    protected Tenants tenants;
    @Autowired
    protected IdentityAdmin identity;
    @Autowired
    protected CallJournal journal;
    @Autowired
    private JdbcClient database;

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("uketsuke-web-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected String base() {
        return "https://localhost:" + port;
    }

    protected HttpsClient client() {
        return new HttpsClient(base(), DATA_DIR.resolve("tls/server.crt"));
    }

    protected static String unique(String stem) {
        return stem + UUID.randomUUID().toString().substring(0, 8);
    }

    protected UUID newTenant() {
        return tenants.create(unique("Tenant "), "ja");
    }

    /** A user of the tenant whose one-time password has already been changed to the returned one. */
    protected Login userWithPassword(UUID tenant) {
        String username = unique("staff");
        String oneTime = identity.createTenantUser(tenant, username, Role.TENANT_MEMBER);
        HttpsClient c = client();
        c.login(username, oneTime);
        String password = "Correct horse battery " + UUID.randomUUID();
        c.changePassword(oneTime, password);
        return new Login(username, password);
    }

    /** A tenant administrator who has changed the one-time password and enrolled TOTP, signed in on {@code client}. */
    protected MfaLogin adminWithMfa(UUID tenant, HttpsClient client) {
        return userWithMfa(tenant, Role.TENANT_ADMIN, client);
    }

    /**
     * A user of the role (of the tenant, or of the platform when {@code tenant} is null) who has changed the one-time
     * password and enrolled TOTP, signed in on {@code client}. A platform user has no assignment yet.
     */
    protected MfaLogin userWithMfa(UUID tenant, Role role, HttpsClient client) {
        String username = unique(role.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        String oneTime = tenant == null ? identity.createPlatformUser(username, role)
                : identity.createTenantUser(tenant, username, role);
        client.login(username, oneTime);
        String password = "Correct horse battery " + UUID.randomUUID();
        client.changePassword(oneTime, password);
        HttpsClient.Enrolment enrolment = client.enrolMfa();
        return new MfaLogin(username, password, enrolment.app(), enrolment.recoveryCodes());
    }

    public record MfaLogin(String username, String password, Authenticator app, java.util.List<String> recoveryCodes) {
    }

    protected HttpsClient signedIn(UUID tenant) {
        Login login = userWithPassword(tenant);
        HttpsClient c = client();
        c.login(login.username(), login.password());
        return c;
    }

    protected String apiKey(UUID tenant) {
        return identity.createApiKey(tenant, Set.of(Permissions.CALLS_READ, Permissions.RECORDINGS_PLAY), null);
    }

    /** A finished call with two turns and a one-second stereo recording (a tone from the caller, silence from the bot). */
    protected UUID call(UUID tenant, String callerSays, String botSays) {
        Instant start = Instant.now().minusSeconds(60);
        UUID id = journal.open(tenant, "09012345678", "0500000000", start);
        journal.addTurn(id, Speaker.BOT, Duration.ofSeconds(1), botSays);
        journal.addTurn(id, Speaker.CALLER, Duration.ofSeconds(65), callerSays);
        try (RecordingWriter recording = journal.openRecording(id, 8000)) {
            for (int frame = 0; frame < 50; frame++) {
                short[] caller = new short[160];
                for (int i = 0; i < caller.length; i++) {
                    caller[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * (frame * 160 + i) / 8000.0));
                }
                recording.write(caller, new short[160]);
            }
        }
        journal.close(id, start.plusSeconds(70), CallOutcome.MESSAGE_TAKEN);
        return id;
    }

    /** The id of a user, as the console's pages and forms use it. */
    protected UUID userId(String username) {
        return database.sql("SELECT id FROM users WHERE username = ?").param(username).query(UUID.class).single();
    }

    public record Login(String username, String password) {
    }
}
