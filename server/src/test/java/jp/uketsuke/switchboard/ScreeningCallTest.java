package jp.uketsuke.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.calls.CallDetail;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.calls.Speaker;
import jp.uketsuke.calls.TranscriptTurn;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.speech.AudioClip;
import jp.uketsuke.speech.Resampler;
import jp.uketsuke.speech.espeak.EspeakSynthesizer;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.testing.WavSamples;
import jp.uketsuke.voicebot.FaqEntry;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.FlowEditing;
import jp.uketsuke.voicebot.Node;
import jp.uketsuke.voicebot.Prompt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Sales-call screening end to end (F4): SIPp callers speaking espeak-ng English (G.711 A-law streamed by SIPp's
 * rtp_stream) to a tenant's flow with a screen node, recognised by pocketsphinx. A sales pitch is declined and the
 * call record says BLOCKED; a customer whose opening sounds alike ("the offer on your website") is answered from
 * the FAQ.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, args = "--demo")
@Timeout(300)
class ScreeningCallTest {

    private static final String DECLINE = "We are sorry, but we do not take sales calls on this line. Goodbye.";
    private static final String OFFER_ANSWER = "The offer runs until the end of the month.";

    @Autowired
    Tenants tenants;
    @Autowired
    FlowEditing flows;
    @Autowired
    CallHistory history;
    @Value("${uketsuke.sip.port}")
    int sipPort;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        DemoCallScenarios.telephonyOn(registry, "screening");
    }

    private UUID publish() {
        UUID tenant = tenants.lineFor(DemoCallScenarios.DEMO_NUMBER).orElseThrow().tenantId();
        Viewer editor = new Viewer("test:flows", Set.of(tenant), Set.of(Permissions.FLOWS_EDIT), null);
        flows.saveDraft(editor, tenant, new Flow("en-US", "greeting", List.of(
                new Node.Say("greeting", Prompt.text("Thank you for calling."), "screen"),
                new Node.Screen("screen", Prompt.text("How can I help you?"), 10, null, null, "faq"),
                new Node.Faq("faq", Prompt.text("What is your question?"), null, 1, 10, "goodbye", "goodbye"),
                new Node.Hangup("goodbye", Prompt.text("Thank you. Goodbye."))),
                List.of(new FaqEntry("offer", List.of("I am calling about the offer on your website",
                        "the offer on your website"), OFFER_ANSWER, null)), List.of(), null));
        flows.publish(editor, tenant);
        return tenant;
    }

    /** What the caller says, 4 s into the call (after the greeting), as A-law SIPp streams, then silence. */
    private static Path spoken(String words) throws Exception {
        AudioClip speech = Resampler.resample(new EspeakSynthesizer(EspeakSynthesizer.Config.defaults())
                .synthesize(words, "en-US"), 8000);
        short[] audio = new short[8000 * 4 + speech.samples().length + 8000 * 20];
        System.arraycopy(speech.samples(), 0, audio, 8000 * 4, speech.samples().length);
        byte[] wav = WavSamples.aLaw(8000, audio);
        Path raw = Files.createTempFile("caller-", ".alaw");
        Files.write(raw, Arrays.copyOfRange(wav, 44, 44 + audio.length));
        return raw;
    }

    private CallDetail call(UUID tenant, String caller, String words) throws Exception {
        Instant before = Instant.now();
        Path audio = spoken(words);
        Path scenario = SippCaller.scenario("caller-presses-keys.xml", s -> s
                .replace("09011112222", caller)
                .replace("m=audio [media_port] RTP/AVP 0 8 101", "m=audio [media_port] RTP/AVP 8 101")
                .replace("      a=rtpmap:0 PCMU/8000\n", "")
                .replace("  <!-- KEYS: the test puts pauses and RFC 4733 key presses here -->\n",
                        "  <nop><action><exec rtp_stream=\"" + audio + ",1,8\"/></action></nop>\n"));
        assertThat(SippCaller.call(sipPort, scenario, DemoCallScenarios.DEMO_NUMBER)).as("SIPp exit code").isZero();
        Viewer viewer = new Viewer("test:screening", Set.of(tenant), Set.of(Permissions.CALLS_READ), "127.0.0.1");
        return DemoCallScenarios.closedCall(history, viewer, before, caller);
    }

    private static List<String> said(CallDetail call, Speaker speaker) {
        return call.turns().stream().filter(t -> t.speaker() == speaker).map(TranscriptTurn::text).toList();
    }

    @Test
    void aSalesPitchIsDeclinedAndBlockedAndACustomerWithASimilarOpeningIsAnswered() throws Exception {
        UUID tenant = publish();

        CallDetail pitch = call(tenant, "09055501234", "I am calling to offer resources for your business");
        assertThat(said(pitch, Speaker.CALLER)).as(pitch.turns().toString())
                .anyMatch(t -> t.contains("resources for your business"));
        assertThat(said(pitch, Speaker.BOT)).contains(DECLINE).doesNotContain(OFFER_ANSWER);
        assertThat(pitch.summary().outcome()).isEqualTo(CallOutcome.BLOCKED);
        assertThat(pitch.turns()).extracting(TranscriptTurn::text)
                .anyMatch(t -> t.startsWith("[SCREENING sales")).noneMatch(t -> t.contains("1234"));

        CallDetail customer = call(tenant, "09055505678", "I am calling about the offer on your website");
        assertThat(said(customer, Speaker.CALLER)).as(customer.turns().toString())
                .anyMatch(t -> t.contains("offer on your website"));
        assertThat(said(customer, Speaker.BOT)).contains(OFFER_ANSWER).doesNotContain(DECLINE);
        assertThat(customer.summary().outcome()).isEqualTo(CallOutcome.FAQ_ANSWERED);
        assertThat(customer.turns()).extracting(TranscriptTurn::text).anyMatch(t -> t.startsWith("[SCREENING not sales"));
    }
}
