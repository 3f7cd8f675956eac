package jp.uketsuke.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.calls.CallDetail;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.telephony.peers.Sipp;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A caller who vanishes — no more audio, no BYE, as when a mobile drops out of coverage — is hung up by the RTP
 * inactivity timeout, and the call's record is closed like any other.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class VanishedCallerTest {

    @Autowired
    Tenants tenants;
    @Autowired
    CallHistory history;
    @Value("${uketsuke.sip.port}")
    int sipPort;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        Path dataDir = Files.createTempDirectory("uketsuke-vanished");
        int port = FreePorts.udpAndTcp();
        registry.add("uketsuke.data-dir", dataDir::toString);
        registry.add("uketsuke.sip.enabled", () -> "true");
        registry.add("uketsuke.sip.port", () -> port);
        registry.add("uketsuke.sip.bind-address", () -> "127.0.0.1");
        registry.add("uketsuke.sip.advertised-address", () -> "127.0.0.1");
        registry.add("uketsuke.sip.trunks.test-callers.address", () -> "127.0.0.1");
        registry.add("uketsuke.sip.trunks.test-callers.numbers", () -> "0500000100-0500000199");
        registry.add("uketsuke.rtp.timeout", () -> "2s");
        registry.add("uketsuke.speech.recognizer", () -> "none");
        registry.add("uketsuke.speech.synthesizer", () -> "none");
    }

    @Test
    void aCallerWhoStopsSendingAudioIsHungUpAndTheRecordClosed() throws Exception {
        UUID tenant = tenants.create("Quiet Ltd", "en-US");
        tenants.assignNumber(tenant, "0500000111");
        Instant since = Instant.now();
        // SIPp answers, sends no RTP and never hangs up: it only waits for our BYE
        Sipp.Result result = Sipp.call("uac_server_bye.xml", sipPort, "0500000111",
                Sipp.vars("rtpport", String.valueOf(jp.uketsuke.telephony.peers.FreePorts.udpPair())));
        assertThat(result.succeeded()).as(result.output()).isTrue();
        Viewer viewer = new Viewer("test:vanished", Set.of(tenant), Set.of("calls:read"), "127.0.0.1");
        CallDetail call = DemoCallScenarios.closedCall(history, viewer, since, "0312345678");
        assertThat(call.summary().outcome()).isNotEqualTo(CallOutcome.IN_PROGRESS);
    }
}
