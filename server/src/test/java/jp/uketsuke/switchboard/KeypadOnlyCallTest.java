package jp.uketsuke.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.calls.CallDetail;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.calls.TranscriptTurn;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Without speech engines (packages not installed, or switched off) calls are still answered: chimes
 * stand in for the prompts and the keypad menu works (invariant 5).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, args = "--demo")
class KeypadOnlyCallTest {

    @Autowired
    Tenants tenants;
    @Autowired
    CallHistory history;
    @Value("${uketsuke.sip.port}")
    int sipPort;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        DemoCallScenarios.telephonyOn(registry, "keypad");
        registry.add("uketsuke.speech.recognizer", () -> "none");
        registry.add("uketsuke.speech.synthesizer", () -> "none");
    }

    @Test
    void callerWithoutSpeechEnginesHearsChimesAndGetsTheHoursByKeypad() throws Exception {
        Instant before = Instant.now();
        try (SippCaller.Media caller = new SippCaller.Media()) {
            Path scenario = SippCaller.scenario("demo-call.xml", s -> s.replace("m=audio [media_port]", "m=audio " + caller.port()));
            assertThat(SippCaller.call(sipPort, scenario, DemoCallScenarios.DEMO_NUMBER)).isZero();
            assertThat(caller.audiblePackets()).as("chimes in place of the prompts").isGreaterThan(20);
        }
        UUID tenant = tenants.lineFor(DemoCallScenarios.DEMO_NUMBER).orElseThrow().tenantId();
        Viewer viewer = new Viewer("test:keypad", Set.of(tenant), Set.of("calls:read"), "127.0.0.1");
        CallDetail call = DemoCallScenarios.closedCall(history, viewer, before, "09011112222");
        assertThat(call.summary().outcome()).isEqualTo(CallOutcome.FAQ_ANSWERED);
        assertThat(call.turns()).extracting(TranscriptTurn::text).contains("[DTMF 1]");
    }
}
