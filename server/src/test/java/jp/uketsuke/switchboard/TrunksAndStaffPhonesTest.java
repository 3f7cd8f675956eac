package jp.uketsuke.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import jp.uketsuke.calls.CallDetail;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.phones.NewStaffPhone;
import jp.uketsuke.phones.StaffPhones;
import jp.uketsuke.telephony.MediaSecurity;
import jp.uketsuke.telephony.Registrations;
import jp.uketsuke.telephony.SipServer;
import jp.uketsuke.telephony.peers.Baresip;
import jp.uketsuke.telephony.peers.Sipp;
import jp.uketsuke.telephony.peers.SippScenario;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole server with SIP on: a staff phone made through {@link StaffPhones} registers from the real baresip with
 * its generated password and is found by extension; a trunk may deliver only its numbers; a session nobody refreshes
 * ends with the call's record closed; a trunk's media security tightens the tenant's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class TrunksAndStaffPhonesTest {

    @Autowired
    Tenants tenants;
    @Autowired
    StaffPhones phones;
    @Autowired
    Registrations registrations;
    @Autowired
    SipServer sipServer;
    @Autowired
    CallHistory history;
    @Value("${uketsuke.sip.port}")
    int sipPort;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        Path dataDir = Files.createTempDirectory("uketsuke-trunks");
        int port = FreePorts.udpAndTcp();
        registry.add("uketsuke.data-dir", dataDir::toString);
        registry.add("uketsuke.sip.enabled", () -> "true");
        registry.add("uketsuke.sip.port", () -> port);
        registry.add("uketsuke.sip.bind-address", () -> "127.0.0.1");
        registry.add("uketsuke.sip.advertised-address", () -> "127.0.0.1");
        registry.add("uketsuke.sip.trunks.test-callers.address", () -> "127.0.0.1");
        registry.add("uketsuke.sip.trunks.test-callers.numbers", () -> "0500000100-0500000199");
        // a carrier that must carry SRTP, whatever the tenant prefers
        registry.add("uketsuke.sip.trunks.strict-carrier.address", () -> "127.0.0.4");
        registry.add("uketsuke.sip.trunks.strict-carrier.numbers", () -> "0500000200-0500000299");
        registry.add("uketsuke.sip.trunks.strict-carrier.media-security", () -> "required");
        // Debian's baresip (libre 1.1) stops at a challenge it does not know: MD5 only, as README says
        registry.add("uketsuke.sip.registrar.digest-algorithms", () -> "MD5");
        // every test phone registers from 127.0.0.1: the wrong-password test must not block the others' address
        registry.add("uketsuke.sip.registrar.source-failure-limit", () -> "100000");
        // seconds instead of the 90 s RFC 4028 asks for on the network, so the test need not wait
        registry.add("uketsuke.sip.session-timers.minimum", () -> "2s");
        registry.add("uketsuke.speech.recognizer", () -> "none");
        registry.add("uketsuke.speech.synthesizer", () -> "none");
    }

    private static Viewer manager(UUID tenant) {
        return new Viewer("user:test-admin", Set.of(tenant), Set.of("users:manage", "calls:read"), "127.0.0.1");
    }

    @Test
    void baresipRegistersWithTheGeneratedPasswordAndLosesItsRegistrationWhenRemoved(CapturedOutput output)
            throws Exception {
        UUID tenant = tenants.create("Phones Ltd", "en-US");
        NewStaffPhone phone = phones.create(manager(tenant), tenant, "201");
        try (Baresip.Registered softphone = Baresip.register(phone.username(), phone.password(), sipPort, 600)) {
            assertThat(waitFor(() -> !registrations.contacts(tenant.toString(), "201").isEmpty()))
                    .as(softphone.output()).isTrue();
            assertThat(registrations.contacts(tenant.toString(), "201").getFirst().contact())
                    .startsWith("sip:" + phone.username());
            assertThat(registrations.contacts(tenant.toString(), "202")).isEmpty();

            phones.remove(manager(tenant), tenant, "201");
            assertThat(registrations.ofTenant(tenant.toString())).as("dropped at once").isEmpty();
        }
        assertThat(output.getAll()).doesNotContain(phone.password());
    }

    @Test
    void theWrongPasswordRegistersNothing() throws Exception {
        UUID tenant = tenants.create("Guessers Ltd", "en-US");
        NewStaffPhone phone = phones.create(manager(tenant), tenant, "301");
        long failuresBefore = sipServer.metrics().authenticationFailures();
        try (Baresip.Registered softphone = Baresip.register(phone.username(), "not-" + phone.password(), sipPort,
                600)) {
            assertThat(waitFor(() -> sipServer.metrics().authenticationFailures() > failuresBefore))
                    .as(softphone.output()).isTrue();
            assertThat(registrations.ofTenant(tenant.toString())).isEmpty();
        }
    }

    @Test
    void aTrunkMayDeliverOnlyTheNumbersInItsRanges() throws Exception {
        UUID tenant = tenants.create("Elsewhere Ltd", "en-US");
        tenants.assignNumber(tenant, "0312345678");
        long before = sipServer.metrics().invitesForbidden();
        Path scenario = SippCaller.scenario("expect-rejection.xml", s -> s.replace("EXPECTED_STATUS", "403"));
        assertThat(SippCaller.call(sipPort, scenario, "0312345678")).isZero();
        assertThat(sipServer.metrics().invitesForbidden()).isEqualTo(before + 1);

        Path unknown = SippCaller.scenario("expect-rejection.xml", s -> s.replace("EXPECTED_STATUS", "404"));
        assertThat(SippCaller.call(sipPort, unknown, "0500000150")).as("in range, not assigned").isZero();
    }

    @Test
    void aTrunkRequiringSrtpRefusesAPlainOfferWith488ThoughTheTenantOnlyPrefersIt() throws Exception {
        UUID tenant = tenants.create("Strict Line Ltd", "en-US");
        tenants.assignNumber(tenant, "0500000201");
        tenants.setMediaSecurity(tenant, MediaSecurity.PREFERRED);
        Sipp.Result result = SippScenario.of("uac_avp_refused.xml", Map.of())
                .run("127.0.0.4", sipPort, "0500000201", "-set", "rtpport",
                        String.valueOf(jp.uketsuke.telephony.peers.FreePorts.udpPair()));
        assertThat(result.succeeded()).as(result.output()).isTrue();
    }

    @Test
    void aSessionNobodyRefreshesEndsWithByeAndTheCallsRecordClosed() throws Exception {
        UUID tenant = tenants.create("Timers Ltd", "en-US");
        tenants.assignNumber(tenant, "0500000123");
        Instant since = Instant.now();
        Sipp.Result result = SippScenario.of("uac_session_expires.xml", Map.of())
                .run("127.0.0.1", sipPort, "0500000123", "-set", "rtpport",
                        String.valueOf(jp.uketsuke.telephony.peers.FreePorts.udpPair()));
        assertThat(result.succeeded()).as(result.output()).isTrue();
        CallDetail call = DemoCallScenarios.closedCall(history, manager(tenant), since, "0312345678");
        assertThat(call.summary().outcome()).isNotEqualTo(CallOutcome.IN_PROGRESS);
        assertThat(sipServer.metrics().sessionsExpired()).isPositive();
    }

    private static boolean waitFor(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(200);
        }
        return condition.getAsBoolean();
    }
}
