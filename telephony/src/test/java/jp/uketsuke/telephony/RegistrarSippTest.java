package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.uketsuke.telephony.peers.FreePorts;
import jp.uketsuke.telephony.peers.LoopbackTrunk;
import jp.uketsuke.telephony.peers.ManualClock;
import jp.uketsuke.telephony.peers.Sipp;
import jp.uketsuke.telephony.peers.SippScenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A staff phone played by SIPp registers with the registrar, well and badly, and calls in. */
@Timeout(180)
class RegistrarSippTest {

    static final String TENANT = "tenant-a";
    static final String EXTENSION = "201";
    static final String USER = "201-test";
    static final String PASSWORD = "Kq7vR2mZ9xLp4sT8wN3c";
    static final String REALM = "uketsuke";

    private final ManualClock clock = new ManualClock(Instant.parse("2025-04-01T09:00:00Z"));
    private final Receptionist receptionist = new Receptionist();
    private SipServer server;

    @BeforeAll
    static void sippIsInstalled() {
        Sipp.requireInstalled();
    }

    @BeforeEach
    void startServer() throws Exception {
        // SIPp answers MD5 challenges only; three failures from one address block it
        PeerSettings peers = LoopbackTrunk.peers().withRegistrar(PeerSettings.RegistrarPolicy.defaults()
                .withDigestAlgorithms(List.of("MD5")).withFailureLimits(3, 100, Duration.ofMinutes(15)));
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0).withPeers(peers)
                .withRtpPorts(36000, 36999), receptionist, RegistrarSippTest::phone, clock);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** The application's directory, holding one phone; its HA1 values computed here from the definition. */
    static Optional<PhoneCredentials> phone(String username) {
        if (!USER.equals(username)) {
            return Optional.empty();
        }
        return Optional.of(new PhoneCredentials(TENANT, EXTENSION, USER, REALM,
                hex("MD5", USER + ":" + REALM + ":" + PASSWORD), hex("SHA-256", USER + ":" + REALM + ":" + PASSWORD)));
    }

    static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Sipp.Result register(String from, String password, String contact, String expires, String status)
            throws Exception {
        return register(from, password, contact, expires, status, USER);
    }

    private Sipp.Result register(String from, String password, String contact, String expires, String status,
                                 String aor) throws Exception {
        return SippScenario.of("register_digest.xml", Map.of("CONTACT_LINE", contact, "EXPIRES_LINE", expires,
                        "FINAL_STATUS", status, "AOR_USER", aor))
                .run(from, server.port(), USER, "-au", USER, "-ap", password);
    }

    private static final String CONTACT = "Contact: <sip:201-test@[local_ip]:[local_port]>";
    /** The same contact in every run (SIPp's own port changes from run to run). */
    private static final String FIXED_CONTACT = "Contact: <sip:201-test@127.0.0.1:5999>";

    @Test
    void phoneRegistersWithItsPasswordAndIsFoundByTenantAndExtension() throws Exception {
        Sipp.Result result = register("127.0.0.1", PASSWORD, CONTACT, "Expires: 600", "200");
        assertThat(result.succeeded()).as(result.output()).isTrue();

        List<Registration> found = server.registrations().contacts(TENANT, EXTENSION);
        assertThat(found).singleElement().satisfies(r -> {
            assertThat(r.contact()).startsWith("sip:201-test@127.0.0.1:");
            assertThat(r.username()).isEqualTo(USER);
            assertThat(r.source().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(r.transport()).isEqualTo("UDP");
            assertThat(r.expiresAt()).isEqualTo(clock.instant().plusSeconds(600));
        });
        assertThat(server.registrations().contacts(TENANT, "202")).isEmpty();
        assertThat(server.registrations().contacts("tenant-b", EXTENSION)).isEmpty();
        assertThat(server.metrics().registrationsActive()).isEqualTo(1);
        assertThat(server.metrics().authenticationFailures()).isZero();
        assertThat(result.output()).doesNotContain(PASSWORD);
    }

    @Test
    void registrationsDisappearWhenTheyExpire() throws Exception {
        assertThat(register("127.0.0.1", PASSWORD, CONTACT, "Expires: 120", "200").succeeded()).isTrue();
        clock.advance(Duration.ofSeconds(119));
        assertThat(server.registrations().contacts(TENANT, EXTENSION)).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(server.registrations().contacts(TENANT, EXTENSION)).isEmpty();
        assertThat(server.registrations().ofTenant(TENANT)).isEmpty();
        assertThat(server.metrics().registrationsActive()).isZero();
    }

    @Test
    void hugeExpiriesAreShortenedToTheMaximum() throws Exception {
        assertThat(register("127.0.0.1", PASSWORD, CONTACT, "Expires: 2147483647", "200").succeeded()).isTrue();
        assertThat(server.registrations().contacts(TENANT, EXTENSION)).singleElement()
                .satisfies(r -> assertThat(r.expiresAt()).isEqualTo(clock.instant().plusSeconds(3600)));

        Sipp.Result param = register("127.0.0.1", PASSWORD, CONTACT + ";expires=99999999999999999999",
                "Expires: 60", "200");
        assertThat(param.succeeded()).as(param.output()).isTrue();
        assertThat(param.output()).contains("expires=3600");
    }

    @Test
    void anExpiresHeaderBeyondThirtyTwoBitsIsDroppedByTheParserAndTheDefaultApplies() throws Exception {
        Sipp.Result result = register("127.0.0.1", PASSWORD, CONTACT, "Expires: 99999999999999", "200");
        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(server.registrations().contacts(TENANT, EXTENSION)).singleElement()
                .satisfies(r -> assertThat(r.expiresAt()).isEqualTo(clock.instant().plusSeconds(3600)));
    }

    @Test
    void tooBriefARegistrationGets423NamingTheMinimum() throws Exception {
        Sipp.Result result = register("127.0.0.1", PASSWORD, CONTACT, "Expires: 10", "423");
        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(result.output()).containsPattern("MIN-EXPIRES= *60\\b");
        assertThat(server.registrations().contacts(TENANT, EXTENSION)).isEmpty();
    }

    @Test
    void expiresZeroUnregistersAndAQueryListsWhatIsRegistered() throws Exception {
        assertThat(register("127.0.0.1", PASSWORD, FIXED_CONTACT, "Expires: 600", "200").succeeded()).isTrue();
        Sipp.Result query = register("127.0.0.1", PASSWORD, "", "", "200");
        assertThat(query.succeeded()).as(query.output()).isTrue();
        assertThat(query.output()).containsPattern("CONTACTS=.*201-test@127\\.0\\.0\\.1:5999");
        assertThat(server.registrations().contacts(TENANT, EXTENSION)).hasSize(1);

        assertThat(register("127.0.0.1", PASSWORD, FIXED_CONTACT, "Expires: 0", "200").succeeded()).isTrue();
        assertThat(server.registrations().contacts(TENANT, EXTENSION)).isEmpty();
    }

    @Test
    void wildcardContactRemovesEveryBindingButOnlyWithExpiresZero() throws Exception {
        assertThat(register("127.0.0.1", PASSWORD, CONTACT, "Expires: 600", "200").succeeded()).isTrue();
        assertThat(register("127.0.0.1", PASSWORD, "Contact: *", "Expires: 60", "400").succeeded()).isTrue();
        assertThat(server.registrations().contacts(TENANT, EXTENSION)).hasSize(1);
        assertThat(register("127.0.0.1", PASSWORD, "Contact: *", "Expires: 0", "200").succeeded()).isTrue();
        assertThat(server.registrations().contacts(TENANT, EXTENSION)).isEmpty();
    }

    @Test
    void aPhoneMayRegisterOnlyItsOwnAddressOfRecord() throws Exception {
        Sipp.Result result = register("127.0.0.1", PASSWORD, CONTACT, "Expires: 600", "403", "202-other");
        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(server.registrations().ofTenant(TENANT)).isEmpty();
    }

    @Test
    void wrongPasswordIsChallengedAgainAndTheSourceIsBlockedAfterTheLimit() throws Exception {
        for (int attempt = 1; attempt <= 3; attempt++) {
            Sipp.Result wrong = register("127.0.0.1", "guess" + attempt, CONTACT, "Expires: 600", "401");
            assertThat(wrong.succeeded()).as("attempt %d: %s", attempt, wrong.output()).isTrue();
        }
        assertThat(server.metrics().authenticationFailures()).isEqualTo(3);
        Sipp.Result blocked = hostile("127.0.0.1", "", "403");
        assertThat(blocked.succeeded()).as("no challenge any more: " + blocked.output()).isTrue();
        Sipp.Result again = hostile("127.0.0.1", "", "403");
        assertThat(again.succeeded()).as("still no challenge: " + again.output()).isTrue();
        assertThat(server.registrations().ofTenant(TENANT)).isEmpty();

        // another address is not punished for this one's guessing
        Sipp.Result elsewhere = register("127.0.0.2", PASSWORD, CONTACT, "Expires: 600", "200");
        assertThat(elsewhere.succeeded()).as(elsewhere.output()).isTrue();

        clock.advance(Duration.ofMinutes(15));
        Sipp.Result lifted = register("127.0.0.1", PASSWORD, CONTACT, "Expires: 600", "200");
        assertThat(lifted.succeeded()).as("the block lifts when the window has passed: " + lifted.output()).isTrue();
    }

    private Sipp.Result hostile(String from, String authorization, String status) throws Exception {
        return SippScenario.of("register_hostile.xml", Map.of("AUTHORIZATION_LINE", authorization,
                "FINAL_STATUS", status)).run(from, server.port(), USER);
    }

    @Test
    void missingCredentialsGetAChallengeForOurRealm() throws Exception {
        Sipp.Result result = hostile("127.0.0.1", "", "401");
        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(result.output()).containsPattern("CHALLENGE= *Digest").contains("realm=\"uketsuke\"")
                .contains("qop=\"auth\"").contains("algorithm=MD5");
        assertThat(server.metrics().authenticationFailures()).as("asking is not failing").isZero();
    }

    @Test
    void forgedNonceWrongRealmAndUnknownPhoneAreChallengedAndCounted() throws Exception {
        String uri = "sip:127.0.0.1:" + server.port();
        String forgedNonce = "Authorization: Digest username=\"201-test\", realm=\"uketsuke\", nonce=\"deadbeef\", uri=\""
                + uri + "\", response=\"0123456789abcdef0123456789abcdef\", algorithm=MD5, qop=auth, nc=00000001, "
                + "cnonce=\"abc\"";
        assertThat(hostile("127.0.0.2", forgedNonce, "401").succeeded()).isTrue();
        String wrongRealm = forgedNonce.replace("realm=\"uketsuke\"", "realm=\"evil.example\"");
        Sipp.Result realm = hostile("127.0.0.3", wrongRealm, "401");
        assertThat(realm.succeeded()).as(realm.output()).isTrue();
        assertThat(realm.output()).contains("realm=\"uketsuke\"");
        String unknown = forgedNonce.replace("201-test", "999-nobody");
        assertThat(hostile("127.0.0.4", unknown, "401").succeeded()).isTrue();
        assertThat(server.metrics().authenticationFailures()).isEqualTo(3);
        assertThat(server.registrations().ofTenant(TENANT)).isEmpty();
    }

    @Test
    void credentialsCapturedFromAPhonesRegisterAndReplayedAreRefused() throws Exception {
        Sipp.Result genuine = SippScenario.of("register_digest.xml", Map.of("CONTACT_LINE", FIXED_CONTACT,
                        "EXPIRES_LINE", "Expires: 600", "FINAL_STATUS", "200", "AOR_USER", USER))
                .run("127.0.0.1", server.port(), USER, "-au", USER, "-ap", PASSWORD, "-trace_msg");
        assertThat(genuine.succeeded()).as(genuine.output()).isTrue();
        java.util.regex.Matcher captured = java.util.regex.Pattern.compile("Authorization: Digest [^\r\n]+")
                .matcher(genuine.output());
        assertThat(captured.find()).as("the phone's credentials in SIPp's message trace").isTrue();

        // an eavesdropper sends them again from elsewhere, in a request of its own
        Sipp.Result replayed = hostile("127.0.0.2", captured.group(), "401");
        assertThat(replayed.succeeded()).as(replayed.output()).isTrue();
        assertThat(server.metrics().authenticationFailures()).isEqualTo(1);
        assertThat(server.registrations().contacts(TENANT, EXTENSION)).singleElement()
                .satisfies(r -> assertThat(r.source().getAddress().getHostAddress()).isEqualTo("127.0.0.1"));
    }

    @Test
    void malformedCredentialsAreRefusedCleanly() throws Exception {
        String uri = "sip:127.0.0.1:" + server.port();
        // an unterminated quoted string, and credentials without the nonce count qop=auth needs
        String broken = "Authorization: Digest username=\"201-test, realm=\"uketsuke\", nonce=";
        // the SIP parser drops a header it cannot read, so this is a request without credentials
        Sipp.Result unparseable = hostile("127.0.0.1", broken, "401");
        assertThat(unparseable.succeeded()).as(unparseable.output()).isTrue();
        String incomplete = "Authorization: Digest username=\"201-test\", realm=\"uketsuke\", nonce=\"x\", uri=\""
                + uri + "\", response=\"00\", qop=auth";
        Sipp.Result missing = hostile("127.0.0.1", incomplete, "400");
        assertThat(missing.succeeded()).as(missing.output()).isTrue();
        assertThat(server.registrations().ofTenant(TENANT)).isEmpty();
        // and the registrar still works
        assertThat(register("127.0.0.2", PASSWORD, CONTACT, "Expires: 600", "200").succeeded()).isTrue();
    }

    @Test
    void aRegisteredPhoneCallingInIsChallengedAndAnsweredWithItsPassword() throws Exception {
        assertThat(register("127.0.0.2", PASSWORD, CONTACT, "Expires: 600", "200").succeeded()).isTrue();
        Sipp.Result call = SippScenario.of("uac_digest_invite.xml", Map.of())
                .run("127.0.0.2", server.port(), "200", "-au", USER, "-ap", PASSWORD,
                        "-set", "rtpport", String.valueOf(FreePorts.udpPair()));
        assertThat(call.succeeded()).as(call.output()).isTrue();
        CallRequest request = receptionist.requests.poll();
        assertThat(request).isNotNull();
        assertThat(request.origin()).isEqualTo(new CallOrigin.FromPhone(TENANT, EXTENSION, USER));
    }

    @Test
    void aRegisteredPhonesAddressWithTheWrongPasswordIsChallengedAgainThenRefused() throws Exception {
        assertThat(register("127.0.0.2", PASSWORD, CONTACT, "Expires: 600", "200").succeeded()).isTrue();
        for (int attempt = 1; attempt <= 3; attempt++) {
            Sipp.Result wrong = SippScenario.of("uac_digest_invite_refused.xml", Map.of("FINAL_STATUS", "407"))
                    .run("127.0.0.2", server.port(), "200", "-au", USER, "-ap", "guess" + attempt,
                            "-set", "rtpport", String.valueOf(FreePorts.udpPair()));
            assertThat(wrong.succeeded()).as(wrong.output()).isTrue();
        }
        Sipp.Result blocked = SippScenario.of("uac_expect_status.xml", Map.of("FINAL_STATUS", "403",
                        "EXTRA_HEADERS", ""))
                .run("127.0.0.2", server.port(), "200", "-set", "rtpport", String.valueOf(FreePorts.udpPair()));
        assertThat(blocked.succeeded()).as("no challenge once the address is blocked: " + blocked.output()).isTrue();
        assertThat(receptionist.incoming.get()).isZero();
        assertThat(server.metrics().authenticationFailures()).isEqualTo(4);
        assertThat(server.metrics().invitesForbidden()).isEqualTo(1);
    }

    @Test
    void strangersGet403AndAreCountedWhileTrunkCallsCarryTheirTrunk() throws Exception {
        Sipp.Result stranger = SippScenario.of("uac_expect_status.xml", Map.of("FINAL_STATUS", "403",
                        "EXTRA_HEADERS", ""))
                .run("127.0.0.3", server.port(), "200", "-set", "rtpport", String.valueOf(FreePorts.udpPair()));
        assertThat(stranger.succeeded()).as(stranger.output()).isTrue();
        assertThat(receptionist.incoming.get()).as("the application is not asked").isZero();
        assertThat(server.metrics().invitesForbidden()).isEqualTo(1);
        assertThat(server.metrics().callsTotal()).isZero();

        Sipp.Result trunk = Sipp.call("uac_server_bye.xml", server.port(), "hangup",
                Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair())));
        assertThat(trunk.succeeded()).as(trunk.output()).isTrue();
        CallOrigin origin = receptionist.requests.poll().origin();
        assertThat(origin).isInstanceOf(CallOrigin.FromTrunk.class);
        assertThat(((CallOrigin.FromTrunk) origin).trunks()).extracting(Trunk::name).containsExactly("loopback");
    }
}
