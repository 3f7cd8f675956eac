package jp.uketsuke.switchboard;

import jp.uketsuke.voicebot.StandardFlows;
import jp.uketsuke.voicebot.StaffTransfer;
import jp.uketsuke.demo.DemoFlows;
import jp.uketsuke.voicebot.FlowEditing;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.calls.CallDetail;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.calls.Speaker;
import jp.uketsuke.calls.TranscriptTurn;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.phones.NewStaffPhone;
import jp.uketsuke.phones.StaffPhones;
import jp.uketsuke.speech.AudioClip;
import jp.uketsuke.speech.Resampler;
import jp.uketsuke.speech.WavFiles;
import jp.uketsuke.speech.espeak.EspeakSynthesizer;
import jp.uketsuke.telephony.peers.Baresip;
import jp.uketsuke.telephony.Registrations;
import jp.uketsuke.telephony.peers.StaffPhone;
import jp.uketsuke.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A caller asks for staff in words: a baresip softphone says "operator" (espeak-ng), the bot recognises it
 * (pocketsphinx) and refers the caller to the tenant's registered staff phone, another baresip, which the caller
 * then calls itself — a blind transfer between two real softphones.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, args = "--demo")
@Timeout(240)
class SpokenTransferTest {

    private static final String CALLER = "09077778888";

    @Autowired
    Tenants tenants;
    @Autowired
    FlowEditing flows;
    @Autowired
    CallHistory history;
    @Autowired
    StaffPhones phones;
    @Autowired
    Registrations registrations;
    @Value("${uketsuke.sip.port}")
    int sipPort;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        DemoCallScenarios.telephonyOn(registry, "spoken-transfer");
        // Debian's baresip answers MD5 challenges only (see TrunksAndStaffPhonesTest)
        registry.add("uketsuke.sip.registrar.digest-algorithms", () -> "MD5");
    }

    @Test
    void callerSayingOperatorIsReferredAndCallsTheStaffPhoneItself() throws Exception {
        UUID tenant = tenants.lineFor(DemoCallScenarios.DEMO_NUMBER).orElseThrow().tenantId();
        DemoCallScenarios.publish(flows, tenant, DemoFlows.english()
                .withTransfer(StandardFlows.transferTo("en-US", "201", StaffTransfer.Mode.BLIND, 20)));
        AudioClip spoken = Resampler.resample(new EspeakSynthesizer(EspeakSynthesizer.Config.defaults())
                .synthesize("operator", "en-US"), 16000);
        short[] words = new short[16000 * 40];
        System.arraycopy(spoken.samples(), 0, words, 16000 * 3 / 2, spoken.samples().length);
        Path callerWav = Files.createTempFile("caller-", ".wav");
        WavFiles.write(new AudioClip(16000, words), callerWav);
        Path staffWav = Files.createTempFile("staff-", ".wav");
        Baresip.writeWav(staffWav, new short[16000 * 60], 16000);
        Instant before = Instant.now();

        Viewer manager = new Viewer("user:test-admin", Set.of(tenant), Set.of("users:manage"), "127.0.0.1");
        phones.remove(manager, tenant, "201"); // the demo may have made one already
        NewStaffPhone created = phones.create(manager, tenant, "201");
        try (StaffPhone phone = StaffPhone.registered(created.username(), created.password(), sipPort, staffWav,
                "G722/16000/1", true, 120)) {
            Instant deadline = Instant.now().plusSeconds(20);
            while (registrations.contacts(tenant.toString(), "201").isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(registrations.contacts(tenant.toString(), "201")).as(phone.output()).isNotEmpty();
            String caller = Baresip.call(CALLER, "sip:" + DemoCallScenarios.DEMO_NUMBER + "@127.0.0.1:" + sipPort,
                    callerWav, "G722/16000/1", 30);

            Viewer viewer = new Viewer("test:spoken-transfer", Set.of(tenant), Set.of("calls:read"), "127.0.0.1");
            CallDetail call = DemoCallScenarios.closedCall(history, viewer, before, CALLER);
            assertThat(call.summary().outcome()).as(caller).isEqualTo(CallOutcome.TRANSFERRED);
            assertThat(call.turns()).filteredOn(t -> t.speaker() == Speaker.CALLER).extracting(TranscriptTurn::text)
                    .anyMatch(text -> text.contains("operator"));
            assertThat(call.turns()).extracting(TranscriptTurn::text).containsSubsequence(
                    "Connecting you to a member of staff. Please hold.", "[TRANSFER BLIND: REFER sent]",
                    "[TRANSFER BLIND: caller transferred]");
            phone.close();
            assertThat(phone.output()).as("the caller itself called the staff phone\n%s", caller)
                    .contains("answering call on line 1 from sip:" + CALLER + "@127.0.0.1");
        }
    }
}
