package jp.uketsuke.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.calls.CallDetail;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.speech.AudioClip;
import jp.uketsuke.speech.WavFiles;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.testing.WavSamples;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.FlowEditing;
import jp.uketsuke.voicebot.Node;
import jp.uketsuke.voicebot.Prompt;
import jp.uketsuke.voicebot.PromptRecordings;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A caller hears the tenant's own recording where its published flow plays one (over SIP, G.711 at 8 kHz). The flow
 * says nothing else, so the 1 kHz tone in the call's recording can only be the uploaded one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, args = "--demo")
class RecordedGreetingCallTest {

    @Autowired
    Tenants tenants;
    @Autowired
    CallHistory history;
    @Autowired
    PromptRecordings recordings;
    @Autowired
    FlowEditing flows;
    @Value("${uketsuke.sip.port}")
    int sipPort;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        DemoCallScenarios.telephonyOn(registry, "recorded");
        registry.add("uketsuke.speech.recognizer", () -> "none");
    }

    @Test
    void theCallerHearsTheRecordedGreeting() throws Exception {
        UUID tenant = tenants.lineFor(DemoCallScenarios.DEMO_NUMBER).orElseThrow().tenantId();
        Viewer editor = new Viewer("test:editor", Set.of(tenant), Set.of(Permissions.FLOWS_EDIT), "127.0.0.1");
        String greeting = recordings.upload(editor, tenant, "挨拶",
                WavSamples.pcm16(44_100, 2, WavSamples.tone(44_100, 1000, 3000))).id();
        flows.saveDraft(editor, tenant, new Flow("ja-JP", null, List.of(
                new Node.Say("greeting", Prompt.recorded(greeting), "bye"), new Node.Hangup("bye", null)),
                List.of(), List.of(), null));
        flows.publish(editor, tenant);

        Instant before = Instant.now();
        try (SippCaller.Media caller = new SippCaller.Media()) {
            Path scenario = SippCaller.scenario("demo-call.xml",
                    s -> s.replace("m=audio [media_port]", "m=audio " + caller.port()));
            SippCaller.call(sipPort, scenario, DemoCallScenarios.DEMO_NUMBER);
            // the scenario presses a key after 2 s, which cuts the greeting short
            assertThat(caller.audiblePackets()).isGreaterThan(50);
        }

        Viewer reader = new Viewer("test:reader", Set.of(tenant), Set.of("calls:read", "recordings:play"),
                "127.0.0.1");
        CallDetail call = DemoCallScenarios.closedCall(history, reader, before, "09011112222");
        assertThat(DemoCallScenarios.botTurns(call)).contains("[recorded prompt " + greeting + "]");
        AudioClip heard = WavFiles.read(DemoCallScenarios.wavBytes(history.recording(reader, call.summary().id()).orElseThrow()));
        assertThat(heard.sampleRate()).isEqualTo(8000);
        assertThat(WavSamples.toneFraction(heard.samples(), 8000, 1000)).isGreaterThan(0.8);
    }
}
