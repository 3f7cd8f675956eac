package jp.uketsuke.switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import jp.uketsuke.calls.CallDetail;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.calls.CallSummary;
import jp.uketsuke.calls.Speaker;
import jp.uketsuke.calls.TranscriptTurn;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.speech.AudioClip;
import jp.uketsuke.speech.Resampler;
import jp.uketsuke.speech.WavFiles;
import jp.uketsuke.voicebot.CallFlow;
import jp.uketsuke.voicebot.FlowEditing;
import jp.uketsuke.voicebot.StandardFlows;
import jp.uketsuke.speech.espeak.EspeakSynthesizer;
import jp.uketsuke.telephony.peers.Baresip;
import jp.uketsuke.tenancy.TenantStatus;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.testing.Bytes;
import jp.uketsuke.testing.ExternalProgram;
import jp.uketsuke.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The first complete Uketsuke, end to end: the server started as `./uketsuke run --demo` starts it,
 * real callers (SIPp, baresip speaking espeak-ng audio) on the demo number, and the call read back
 * through the same service the console and API use. Subclasses choose the database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, args = "--demo")
@ExtendWith(OutputCaptureExtension.class)
abstract class DemoCallScenarios {

    static final String DEMO_NUMBER = "0500000000";
    static final String HOURS_ANSWER = "nine in the morning";
    static final String BARESIP_CALLER = "09033334444";

    @Autowired
    Tenants tenants;
    @Autowired
    CallHistory history;
    @Autowired
    JdbcClient jdbc;
    @Value("${uketsuke.data-dir}")
    Path dataDir;
    @Value("${uketsuke.sip.port}")
    int sipPort;

    /**
     * Settings every subclass shares: SIP on a free loopback port with a trunk for the test callers, a data directory
     * of its own.
     */
    /** Publishes the standard receptionist with these sentences as the tenant's flow, as its administrator would. */
    static void publish(FlowEditing flows, UUID tenant, CallFlow sentences) {
        Viewer editor = new Viewer("test:flows", Set.of(tenant), Set.of(Permissions.FLOWS_EDIT), null);
        flows.saveDraft(editor, tenant, StandardFlows.graph(sentences));
        flows.publish(editor, tenant);
    }

    static void telephonyOn(DynamicPropertyRegistry registry, String name) {
        try {
            Path dataDir = Files.createTempDirectory("uketsuke-" + name);
            int sipPort = FreePorts.udpAndTcp();
            registry.add("uketsuke.data-dir", dataDir::toString);
            registry.add("uketsuke.sip.enabled", () -> "true");
            registry.add("uketsuke.sip.port", () -> sipPort);
            registry.add("uketsuke.sip.bind-address", () -> "127.0.0.1");
            registry.add("uketsuke.sip.advertised-address", () -> "127.0.0.1");
            // the test callers (SIPp, baresip on 127.0.0.1) call through a trunk, as callers on the network do;
            // its range holds the demo number, the suspended tenant's number and an unassigned one
            registry.add("uketsuke.sip.trunks.test-callers.address", () -> "127.0.0.1");
            registry.add("uketsuke.sip.trunks.test-callers.numbers", () -> "0500000000-0509999999");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sippCallerPressingOneHearsTheBusinessHoursAndTheCallIsKept(CapturedOutput output) throws Exception {
        Instant before = Instant.now();
        try (SippCaller.Media caller = new SippCaller.Media()) {
            Path scenario = SippCaller.scenario("demo-call.xml", s -> s.replace("m=audio [media_port]", "m=audio " + caller.port()));
            int exit = SippCaller.call(sipPort, scenario, DEMO_NUMBER);
            assertThat(exit).as("SIPp exit code (0 = the call went as the scenario says)").isZero();
            assertThat(caller.audiblePackets()).as("G.711 packets with audible audio that reached the caller")
                    .isGreaterThan(150); // > 3 s: greeting and the hours
        }

        CallDetail call = onlyCallSince(before, "09011112222");
        assertThat(call.summary().outcome()).isEqualTo(CallOutcome.FAQ_ANSWERED);
        assertThat(call.summary().callerMasked()).doesNotContain("09011112222").endsWith("2222");
        assertThat(call.turns()).extracting(TranscriptTurn::text).contains("[DTMF 1]");
        assertThat(botTurns(call)).anyMatch(t -> t.contains(HOURS_ANSWER));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE target = ?")
                .param("call:" + call.summary().id()).query(Long.class).single())
                .as("audit events for reading the call").isPositive();
        assertThat(output.getAll()).doesNotContain("09011112222").doesNotContain("1112222");
    }

    @Test
    void baresipCallerAskingForTheBusinessHoursIsAnsweredFromTheFaq(CapturedOutput output) throws Exception {
        Instant before = Instant.now();
        // What a caller says, as espeak-ng says it, sent by a real softphone over G.722 (wideband).
        AudioClip spoken = Resampler.resample(new EspeakSynthesizer(EspeakSynthesizer.Config.defaults())
                .synthesize("what are your business hours", "en-US"), 16000);
        Path wav = Files.createTempFile("caller-", ".wav");
        WavFiles.write(new AudioClip(16000, concat(silence(16000, 1500), spoken.samples(), silence(16000, 40_000))), wav);

        String phone = Baresip.call(BARESIP_CALLER, "sip:" + DEMO_NUMBER + "@127.0.0.1:" + sipPort, wav, "G722", 45);

        CallDetail call = onlyCallSince(before, BARESIP_CALLER);
        assertThat(call.summary().outcome()).as(phone).isEqualTo(CallOutcome.FAQ_ANSWERED);
        List<String> heard = call.turns().stream().filter(t -> t.speaker() == Speaker.CALLER)
                .map(TranscriptTurn::text).toList();
        assertThat(heard).anyMatch(t -> t.contains("business hours"));
        assertThat(botTurns(call)).anyMatch(t -> t.contains(HOURS_ANSWER));
        byte[] recording = wavBytes(history.recording(viewer(), call.summary().id()).orElseThrow());
        assertThat(recording.length).as("16 kHz stereo recording of at least 5 s").isGreaterThan(44 + 5 * 16000 * 4);

        // Invariants 1 and 3: nothing the caller said or their address is stored or logged in plaintext.
        for (String secret : List.of(BARESIP_CALLER, heard.getFirst(), "what are your business hours")) {
            assertThat(filesContaining(secret)).as("files with \"%s\" in plaintext", secret).isEmpty();
            assertThat(output.getAll()).doesNotContain(secret);
        }
    }

    private static short[] silence(int rate, int millis) {
        return new short[rate * millis / 1000];
    }

    private static short[] concat(short[]... parts) {
        short[] all = new short[java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int at = 0;
        for (short[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    @Test
    void unknownNumberIsRejectedWithNotFound() throws Exception {
        Path scenario = SippCaller.scenario("expect-rejection.xml", s -> s.replace("EXPECTED_STATUS", "404"));
        assertThat(SippCaller.call(sipPort, scenario, "0509999999")).isZero();
    }

    @Test
    void suspendedTenantsCallersHearAnAnnouncementNotSilence() throws Exception {
        UUID closed = tenants.create("Closed Company", "en-US");
        tenants.assignNumber(closed, "+81500000009");
        tenants.setStatus(closed, TenantStatus.SUSPENDED);
        try (SippCaller.Media caller = new SippCaller.Media()) {
            Path scenario = SippCaller.scenario("demo-call.xml", s -> s.replace("m=audio [media_port]", "m=audio " + caller.port()));
            assertThat(SippCaller.call(sipPort, scenario, "0500000009")).as("answered, announcement, BYE from Uketsuke").isZero();
            assertThat(caller.audiblePackets()).isGreaterThan(50);
        }
    }

    /** The only call since {@code since} from {@code callerNumber}, read as a tenant admin would. */
    CallDetail onlyCallSince(Instant since, String callerNumber) throws InterruptedException {
        return closedCall(history, viewer(), since, callerNumber);
    }

    /**
     * The only call since {@code since} from {@code callerNumber}, once its record is closed: the caller
     * has the BYE a moment before the bot has finished writing the call.
     */
    static CallDetail closedCall(CallHistory history, Viewer viewer, Instant since, String callerNumber)
            throws InterruptedException {
        UUID tenant = viewer.tenants().iterator().next();
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            List<CallSummary> calls = history.list(viewer, tenant, 50).stream()
                    .filter(c -> !c.startedAt().isBefore(since.minusSeconds(1)))
                    .filter(c -> c.callerMasked().endsWith(callerNumber.substring(callerNumber.length() - 4)))
                    .toList();
            assertThat(calls).hasSizeLessThanOrEqualTo(1);
            if (calls.size() == 1 && calls.getFirst().outcome() != CallOutcome.IN_PROGRESS
                    || Instant.now().isAfter(deadline)) {
                assertThat(calls).hasSize(1);
                return history.find(viewer, calls.getFirst().id()).orElseThrow();
            }
            Thread.sleep(100);
        }
    }

    /** A tenant admin of the demo tenant, as the console builds one. */
    Viewer viewer() {
        UUID tenant = tenants.lineFor(DEMO_NUMBER).orElseThrow().tenantId();
        return new Viewer("test:e2e", Set.of(tenant), Set.of("calls:read", "recordings:play"), "127.0.0.1");
    }

    static List<String> botTurns(CallDetail call) {
        return call.turns().stream().filter(t -> t.speaker() == Speaker.BOT).map(TranscriptTurn::text).toList();
    }

    /** Bytes of {@code text} anywhere under the data directory (database files, recordings, keys). */
    List<Path> filesContaining(String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (Bytes.indexOf(Files.readAllBytes(file), needle) >= 0) {
                    found.add(file);
                }
            }
        }
        return found;
    }


    static byte[] wavBytes(CallHistory.Recording recording) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        recording.writeWav(out);
        return out.toByteArray();
    }
}
