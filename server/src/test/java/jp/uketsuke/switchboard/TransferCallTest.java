package jp.uketsuke.switchboard;

import jp.uketsuke.voicebot.StandardFlows;
import jp.uketsuke.voicebot.StaffTransfer;
import jp.uketsuke.demo.DemoFlows;
import jp.uketsuke.voicebot.FlowEditing;
import jp.uketsuke.voicebot.CallFlow;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.calls.CallDetail;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.calls.CallSummary;
import jp.uketsuke.calls.TranscriptTurn;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.phones.NewStaffPhone;
import jp.uketsuke.phones.StaffPhones;
import jp.uketsuke.telephony.Destination;
import jp.uketsuke.telephony.Registrations;
import jp.uketsuke.telephony.peers.Baresip;
import jp.uketsuke.telephony.peers.FreePorts;
import jp.uketsuke.telephony.peers.RtpPeer;
import jp.uketsuke.telephony.peers.Sipp;
import jp.uketsuke.telephony.peers.SippPeer;
import jp.uketsuke.telephony.peers.StaffPhone;
import jp.uketsuke.tenancy.Tenants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Transfer to staff end to end (F5): the demo server, a SIPp caller pressing 0 (its media played and heard by the
 * test), and a real baresip softphone as the staff phone, made a staff phone of the tenant and registered with the
 * registrar using its generated password — bridged with both sides heard and recorded, no answer with the bot
 * taking a message, blind by REFER; and staff answers that cannot be used, from a SIPp "phone" configured by URI.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, args = "--demo")
@Timeout(240)
@ExtendWith(OutputCaptureExtension.class)
class TransferCallTest {

    private static final String CALLER = "09055556666";
    private static final double CALLER_HZ = 1000;
    private static final double STAFF_HZ = 600;
    /** Where the configuration says extension 290 (nobody) and 209 (a hostile SIPp "phone") are. */
    private static final int CONFIGURED_STAFF_PORT = FreePorts.udpAndTcpBelowEphemeral();
    private static final int HOSTILE_STAFF_PORT = FreePorts.udpAndTcpBelowEphemeral();

    @Autowired
    Tenants tenants;
    @Autowired
    FlowEditing flows;
    @Autowired
    CallHistory history;
    @Autowired
    TransferTargets targets;
    @Autowired
    StaffPhones phones;
    @Autowired
    Registrations registrations;
    @Value("${uketsuke.sip.port}")
    int sipPort;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        DemoCallScenarios.telephonyOn(registry, "transfer");
        // keypad and chimes: the transfer does not depend on speech, and the test runs faster without it
        registry.add("uketsuke.speech.recognizer", () -> "none");
        registry.add("uketsuke.speech.synthesizer", () -> "none");
        // Debian's baresip answers MD5 challenges only (see TrunksAndStaffPhonesTest)
        registry.add("uketsuke.sip.registrar.digest-algorithms", () -> "MD5");
        registry.add("uketsuke.transfer.staff-phones.0500000000.290", () -> "sip:290@127.0.0.1:" + CONFIGURED_STAFF_PORT);
        registry.add("uketsuke.transfer.staff-phones.0500000000.209", () -> "sip:209@127.0.0.1:" + HOSTILE_STAFF_PORT);
    }

    @Test
    void callerPressingZeroIsBridgedToTheStaffPhoneBothSidesHeardAndRecorded(CapturedOutput output) throws Exception {
        useTransfer(StandardFlows.transferTo("en-US", "201", StaffTransfer.Mode.BRIDGED, 15));
        Instant before = Instant.now();
        try (StaffPhone phone = registeredPhone("201", toneWav(16000, STAFF_HZ), "G722/16000/1", true);
             RtpPeer caller = new RtpPeer(CALLER_HZ)) {
            SippPeer signalling = SippPeer.caller("transfer-caller-hangs-up.xml", sipPort, DemoCallScenarios.DEMO_NUMBER,
                    Sipp.vars("rtpport", String.valueOf(caller.port())), 60);
            pressWhenAnswered(caller, '0');
            assertThat(signalling.await(60).succeeded()).as(signalling.output()).isTrue();

            CallDetail call = DemoCallScenarios.closedCall(history, viewer(), before, CALLER);
            assertThat(call.summary().outcome()).as(phone.output()).isEqualTo(CallOutcome.TRANSFERRED);
            assertThat(texts(call)).containsSubsequence("[DTMF 0]", "Connecting you to a member of staff. Please hold.",
                    "[TRANSFER BRIDGED: calling staff]", "[TRANSFER BRIDGED: staff answered]");

            // both ways across codecs: the caller's G.711 at the G.722 phone, the phone's G.722 at the caller
            assertThat(bestShare(caller.heard(), 8000, STAFF_HZ)).as("staff heard by the caller").isGreaterThan(0.8);
            short[][] channels = stereo(DemoCallScenarios.wavBytes(history.recording(viewer(), call.summary().id())
                    .orElseThrow()));
            assertThat(bestShare(channels[0], 8000, CALLER_HZ)).as("caller's channel").isGreaterThan(0.8);
            assertThat(bestShare(channels[1], 8000, STAFF_HZ)).as("the other channel: staff").isGreaterThan(0.8);
            phone.close();
            assertThat(bestShare(phone.heard(), 16000, CALLER_HZ)).as("caller heard by staff\n%s", phone.output())
                    .isGreaterThan(0.8);
            assertThat(phone.output()).as("the staff phone was called as the tenant's number, not the caller's, and "
                    + "hung up when the caller did").contains("answering call on line 1 from sip:0500000000@127.0.0.1")
                    .doesNotContain(CALLER).contains("Call with sip:0500000000@127.0.0.1 terminated");
        }
        assertThat(output.getAll()).as("invariant 3: no caller number in the logs").doesNotContain(CALLER)
                .doesNotContain(CALLER.substring(3));
    }

    @Test
    void staffNotAnsweringInTimeIsCancelledAndTheBotTakesAMessage() throws Exception {
        useTransfer(StandardFlows.transferTo("en-US", "202", StaffTransfer.Mode.BRIDGED, 3));
        Instant before = Instant.now();
        try (StaffPhone phone = registeredPhone("202", toneWav(8000, STAFF_HZ), "PCMU/8000/1", false);
             RtpPeer caller = new RtpPeer(CALLER_HZ)) {
            SippPeer signalling = SippPeer.caller("transfer-caller-waits.xml", sipPort, DemoCallScenarios.DEMO_NUMBER,
                    Sipp.vars("rtpport", String.valueOf(caller.port())), 90);
            pressWhenAnswered(caller, '0');
            awaitTurn(before, flowOfDemo().messagePrompt());
            caller.press('5');
            assertThat(signalling.await(90).succeeded()).as("the bot hung up in the end\n%s", signalling.output())
                    .isTrue();

            CallDetail call = DemoCallScenarios.closedCall(history, viewer(), before, CALLER);
            assertThat(call.summary().outcome()).isEqualTo(CallOutcome.MESSAGE_TAKEN);
            assertThat(texts(call)).containsSubsequence("[DTMF 0]", "[TRANSFER BRIDGED: calling staff]",
                    "[TRANSFER BRIDGED: no answer within 3 s]",
                    "Sorry, nobody is available to take your call right now.", flowOfDemo().messagePrompt(), "[DTMF 5]",
                    flowOfDemo().messageThanks());
            phone.close();
            assertThat(phone.output()).as("baresip rang and was cancelled before it was stopped")
                    .contains("Incoming call from: デモ株式会社")
                    .contains("session closed: Connection reset by peer");
        }
    }

    @Test
    void blindTransferAcceptedByTheCallersSideClosesTheRecordAsTransferred() throws Exception {
        useTransfer(StandardFlows.transferTo("en-US", "203", StaffTransfer.Mode.BLIND, 20));
        Instant before = Instant.now();
        try (StaffPhone phone = registeredPhone("203", toneWav(8000, STAFF_HZ), "PCMU/8000/1", true);
             RtpPeer caller = new RtpPeer(CALLER_HZ)) {
            String contact = registrations.contacts(demoTenant().toString(), "203").getFirst().contact();
            SippPeer signalling = SippPeer.caller("uac_refer_notify.xml", sipPort, DemoCallScenarios.DEMO_NUMBER,
                    Sipp.vars("rtpport", String.valueOf(caller.port()), "final", "200 OK"), 60);
            pressWhenAnswered(caller, '0');
            assertThat(signalling.await(60).succeeded()).as(signalling.output()).isTrue();
            assertThat(signalling.logged()).as("the caller is referred to where the phone registered")
                    .anyMatch(line -> line.strip().replaceAll("\\s+", " ").equals("REFER-TO <" + contact + ">"));

            CallDetail call = DemoCallScenarios.closedCall(history, viewer(), before, "0312345678");
            assertThat(call.summary().outcome()).isEqualTo(CallOutcome.TRANSFERRED);
            assertThat(texts(call)).containsSubsequence("[DTMF 0]", "[TRANSFER BLIND: REFER sent]",
                    "[TRANSFER BLIND: caller transferred]");
        }
    }

    /** Hostile staff answers: no SDP, a codec we never offered. The staff leg is hung up; the caller is not lost. */
    @ParameterizedTest
    @ValueSource(strings = {"uas_answer_without_sdp.xml", "uas_answer_foreign_codec.xml"})
    void unusableStaffAnswerIsHungUpAndTheBotTakesAMessage(String staffScenario) throws Exception {
        useTransfer(StandardFlows.transferTo("en-US", "209", StaffTransfer.Mode.BRIDGED, 10));
        Instant before = Instant.now();
        try (SippPeer staff = SippPeer.callee(staffScenario, HOSTILE_STAFF_PORT, Sipp.vars(), 90);
             RtpPeer caller = new RtpPeer(CALLER_HZ)) {
            SippPeer signalling = SippPeer.caller("transfer-caller-waits.xml", sipPort, DemoCallScenarios.DEMO_NUMBER,
                    Sipp.vars("rtpport", String.valueOf(caller.port())), 90);
            pressWhenAnswered(caller, '0');
            awaitTurn(before, flowOfDemo().messagePrompt());
            caller.press('5');
            assertThat(signalling.await(90).succeeded()).as(signalling.output()).isTrue();
            assertThat(staff.await(30).succeeded()).as("the staff side got ACK and BYE\n%s", staff.output()).isTrue();

            CallDetail call = DemoCallScenarios.closedCall(history, viewer(), before, CALLER);
            assertThat(call.summary().outcome()).isEqualTo(CallOutcome.MESSAGE_TAKEN);
            assertThat(texts(call)).containsSubsequence("[TRANSFER BRIDGED: calling staff]",
                    "[TRANSFER BRIDGED: failed: answer without usable media]", flowOfDemo().messagePrompt(), "[DTMF 5]");
        }
    }

    @Test
    void aTenantNeverReachesAnotherTenantsStaffPhone() throws Exception {
        UUID demo = demoTenant();
        UUID other = tenants.create("Other Company", "en-US");
        tenants.assignNumber(other, "+81500000077");
        try (StaffPhone phone = registeredPhone("204", toneWav(8000, STAFF_HZ), "PCMU/8000/1", true)) {
            assertThat(targets.staffPhone(demo, "204")).get().extracting(d -> ((Destination.Contact) d).uri())
                    .asString().startsWith("sip:");
            assertThat(targets.staffPhone(other, "204")).as("registered for the demo tenant only").isEmpty();
        }
        assertThat(targets.staffPhone(demo, "290")).as("configured for a phone that does not register")
                .contains(new Destination.Contact("sip:290@127.0.0.1:" + CONFIGURED_STAFF_PORT));
        assertThat(targets.staffPhone(other, "290")).as("configured under the demo tenant's number only").isEmpty();
        assertThat(targets.staffPhone(demo, "999")).isEmpty();
        assertThat(targets.number(demo, DemoCallScenarios.DEMO_NUMBER, "0312345678")).as("through the demo trunk")
                .contains(new Destination.ViaTrunk("0312345678", "127.0.0.1", 5060, "UDP", null, null));
        assertThat(targets.number(other, DemoCallScenarios.DEMO_NUMBER, "0312345678"))
                .as("not through the line of another tenant").isEmpty();
    }

    /** A staff phone of the demo tenant, made through {@link StaffPhones}, registered from baresip. */
    private StaffPhone registeredPhone(String extension, Path wav, String codec, boolean answer) throws Exception {
        UUID tenant = demoTenant();
        Viewer manager = new Viewer("user:test-admin", Set.of(tenant), Set.of("users:manage"), "127.0.0.1");
        phones.remove(manager, tenant, extension);
        NewStaffPhone created = phones.create(manager, tenant, extension);
        StaffPhone phone = StaffPhone.registered(created.username(), created.password(), sipPort, wav, codec, answer,
                120);
        Instant deadline = Instant.now().plusSeconds(20);
        while (registrations.contacts(tenant.toString(), extension).isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(registrations.contacts(tenant.toString(), extension)).as(phone.output()).isNotEmpty();
        return phone;
    }

    private void useTransfer(StaffTransfer transfer) {
        UUID tenant = demoTenant();
        // a flow may only name the tenant's own phones, so the phone exists before the flow is published
        if (transfer.extension() != null && !phones.extensions(tenant).contains(transfer.extension())
                && !List.of("290", "209").contains(transfer.extension())) {
            phones.create(new Viewer("user:test-admin", Set.of(tenant), Set.of("users:manage"), "127.0.0.1"), tenant,
                    transfer.extension());
        }
        DemoCallScenarios.publish(flows, tenant, flowOfDemo().withTransfer(transfer));
    }

    private CallFlow flowOfDemo() {
        return DemoFlows.english();
    }

    private UUID demoTenant() {
        return tenants.lineFor(DemoCallScenarios.DEMO_NUMBER).orElseThrow().tenantId();
    }

    private Viewer viewer() {
        return new Viewer("test:transfer", Set.of(demoTenant()), Set.of("calls:read", "recordings:play"), "127.0.0.1");
    }

    /** Presses the key once the bot's greeting is heard: a key pressed during the greeting counts. */
    private static void pressWhenAnswered(RtpPeer caller, char key) throws InterruptedException {
        assertThat(caller.awaitHeard(0.3, 20)).as("audio from Uketsuke").isTrue();
        caller.press(key);
    }

    /** Waits until the call in progress from {@link #CALLER} has a turn saying {@code text}. */
    private void awaitTurn(Instant since, String text) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            Optional<CallSummary> live = history.list(viewer(), demoTenant(), 20).stream()
                    .filter(c -> !c.startedAt().isBefore(since.minusSeconds(1)))
                    .filter(c -> c.callerMasked().endsWith(CALLER.substring(CALLER.length() - 4))).findFirst();
            if (live.isPresent() && history.find(viewer(), live.get().id()).orElseThrow().turns().stream()
                    .anyMatch(t -> t.text().equals(text))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no turn \"" + text + "\" within 60 s");
    }

    private static List<String> texts(CallDetail call) {
        return call.turns().stream().map(TranscriptTurn::text).toList();
    }

    private static Path toneWav(int rate, double hz) throws Exception {
        short[] pcm = new short[rate * 60];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        Path wav = Files.createTempFile("staff-", ".wav");
        Baresip.writeWav(wav, pcm, rate);
        return wav;
    }

    /** Left and right channel of a 16-bit stereo WAV as the recording endpoint serves it. */
    private static short[][] stereo(byte[] wav) {
        ByteBuffer in = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(in.getShort(22)).as("channels").isEqualTo((short) 2);
        int frames = (wav.length - 44) / 4;
        short[][] channels = new short[2][frames];
        for (int i = 0; i < frames; i++) {
            channels[0][i] = in.getShort(44 + 4 * i);
            channels[1][i] = in.getShort(44 + 4 * i + 2);
        }
        return channels;
    }

    /** The largest share of {@code hz} in any one-second window (Goertzel). */
    private static double bestShare(short[] samples, int rate, double hz) {
        double best = 0;
        double coefficient = 2 * Math.cos(2 * Math.PI * hz / rate);
        for (int from = 0; from + rate <= samples.length; from += rate / 4) {
            double s1 = 0;
            double s2 = 0;
            double energy = 0;
            for (int i = from; i < from + rate; i++) {
                double s0 = samples[i] + coefficient * s1 - s2;
                s2 = s1;
                s1 = s0;
                energy += (double) samples[i] * samples[i];
            }
            best = Math.max(best, 2 * (s1 * s1 + s2 * s2 - coefficient * s1 * s2) / (rate * Math.max(energy, 1)));
        }
        return best;
    }
}
