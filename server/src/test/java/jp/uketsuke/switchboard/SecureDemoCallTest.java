package jp.uketsuke.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import jp.uketsuke.calls.CallDetail;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.calls.Speaker;
import jp.uketsuke.calls.TranscriptTurn;
import jp.uketsuke.speech.AudioClip;
import jp.uketsuke.speech.Resampler;
import jp.uketsuke.speech.WavFiles;
import jp.uketsuke.speech.espeak.EspeakSynthesizer;
import jp.uketsuke.phones.NewStaffPhone;
import jp.uketsuke.phones.StaffPhones;
import jp.uketsuke.telephony.MediaSecurity;
import jp.uketsuke.telephony.Registration;
import jp.uketsuke.telephony.Registrations;
import jp.uketsuke.telephony.SipServer;
import jp.uketsuke.telephony.peers.Baresip;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.testing.Bytes;
import jp.uketsuke.testing.LoopbackCapture;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The demo number with SRTP required (S1), end to end: a real softphone (baresip) calls over SIP/TLS with
 * SDES-keyed SRTP, talks with the bot, and a packet capture on loopback (tshark) holds neither plaintext
 * SIP nor the plaintext audio that a plain-RTP control call shows on the same wire.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, args = "--demo")
@ExtendWith(OutputCaptureExtension.class)
// the staff phone's call second: as the context's very first call, the speech engines' cold start (seconds on
// two busy cores) can swallow the caller's words, which is not what this class is about
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureDemoCallTest {

    /** Calls here get this one RTP port (its neighbour would carry RTCP), so the capture holds our media only. */
    private static final int RTP_PORT = jp.uketsuke.telephony.peers.FreePorts.udpPair();
    private static final String CALLER = "09055556666";

    @Autowired
    Tenants tenants;
    @Autowired
    CallHistory history;
    @Autowired
    SipServer sip;
    @Autowired
    StaffPhones phones;
    @Autowired
    Registrations registrations;
    @Value("${uketsuke.data-dir}")
    Path dataDir;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        DemoCallScenarios.telephonyOn(registry, "srtp");
        registry.add("uketsuke.rtp.port-min", () -> RTP_PORT);
        registry.add("uketsuke.rtp.port-max", () -> RTP_PORT + 1);
        // Debian's baresip (libre 1.1) stops at a challenge it does not know: MD5 only, as README says
        registry.add("uketsuke.sip.registrar.digest-algorithms", () -> "MD5");
    }

    @Test
    @Order(1)
    void baresipWithSrtpRequiredTalksToTheBotAndTheWireShowsNoPlaintext(CapturedOutput output) throws Exception {
        UUID demo = tenants.lineFor(DemoCallScenarios.DEMO_NUMBER).orElseThrow().tenantId();
        Path wav = callerSaying("what are your business hours", 1.5);

        // control: the same softphone and words over plain SIP and RTP, as the platform default allows
        byte[] plainWire;
        Set<String> plainAudio;
        try (LoopbackCapture capture = LoopbackCapture.start("port " + sip.port() + " or " + media())) {
            Baresip.call(CALLER, "sip:" + DemoCallScenarios.DEMO_NUMBER + "@127.0.0.1:" + sip.port(), wav, "PCMU", 12);
            plainWire = capture.stop();
            plainAudio = audibleFrames(capture.datagrams());
        }
        assertThat(Bytes.indexOf(plainWire, "INVITE sip:".getBytes(StandardCharsets.US_ASCII)))
                .as("plaintext SIP is visible in a capture").isNotNegative();
        assertThat(plainAudio).as("audible G.711 frames, caller's and bot's, visible in a capture").hasSizeGreaterThan(50);

        tenants.setMediaSecurity(demo, MediaSecurity.REQUIRED);
        Path refused = SippCaller.scenario("expect-rejection.xml", s -> s.replace("EXPECTED_STATUS", "488"));
        assertThat(SippCaller.call(sip.port(), refused, DemoCallScenarios.DEMO_NUMBER))
                .as("SRTP required: a plain offer over UDP gets 488").isZero();

        Instant before = Instant.now();
        Path heard = Files.createTempDirectory("baresip-heard");
        byte[] secureWire;
        byte[] tlsStream;
        List<LoopbackCapture.Datagram> secureDatagrams;
        String phone;
        try (LoopbackCapture capture = LoopbackCapture.start("tcp port " + sip.tlsPort() + " or " + media())) {
            phone = Baresip.call(CALLER, "sip:" + DemoCallScenarios.DEMO_NUMBER + "@127.0.0.1:" + sip.tlsPort()
                    + ";transport=tls", wav, "PCMU", 40, new Baresip.Options("srtp-mand", heard));
            secureWire = capture.stop();
            secureDatagrams = capture.datagrams();
            tlsStream = capture.tcpPayload();
        }

        // the call itself: understood, answered from the FAQ, heard by the caller, kept on record
        assertThat(phone).contains("SRTP is Enabled");
        CallDetail call = DemoCallScenarios.closedCall(history, viewer(demo), before, CALLER);
        assertThat(call.summary().outcome()).as(phone).isEqualTo(CallOutcome.FAQ_ANSWERED);
        assertThat(call.turns().stream().filter(t -> t.speaker() == Speaker.CALLER).map(TranscriptTurn::text))
                .anyMatch(t -> t.contains("business hours"));
        assertThat(DemoCallScenarios.botTurns(call)).anyMatch(t -> t.contains(DemoCallScenarios.HOURS_ANSWER));
        assertThat(loudestRms(Baresip.heard(heard))).as("the caller heard the bot through SRTP").isGreaterThan(1000);

        // the wire: TLS signalling, SRTP media (every packet from us tagged), nothing readable
        int ourPackets = 0;
        java.io.ByteArrayOutputStream media = new java.io.ByteArrayOutputStream();
        for (LoopbackCapture.Datagram datagram : secureDatagrams) {
            if (datagram.sourcePort() == RTP_PORT) {
                ourPackets++;
                assertThat(datagram.payload()).as("12-byte header, 160 bytes of audio, 10-byte tag").hasSize(182);
            }
            // RTP only: baresip sends its closing RTCP (BYE and SDES with its SIP URI) to port + 1 in clear,
            // after its SRTP is gone; we use no RTCP and listen on no RTCP port
            if (datagram.sourcePort() == RTP_PORT || datagram.destinationPort() == RTP_PORT) {
                media.writeBytes(datagram.payload());
            }
        }
        assertThat(ourPackets).as("media we sent, captured").isGreaterThan(500);
        assertThat(tlsStream.length).as("TLS signalling captured").isGreaterThan(1000);
        for (String clear : List.of("INVITE sip:", "SIP/2.0", "a=crypto", "m=audio")) {
            assertThat(Bytes.indexOf(secureWire, clear.getBytes(StandardCharsets.US_ASCII))).as(clear).isNegative();
        }
        for (String number : List.of(DemoCallScenarios.DEMO_NUMBER, CALLER)) {
            assertThat(Bytes.indexOf(tlsStream, number.getBytes(StandardCharsets.US_ASCII))).as(number).isNegative();
            assertThat(Bytes.indexOf(media.toByteArray(), number.getBytes(StandardCharsets.US_ASCII))).as(number)
                    .isNegative();
        }
        int seen = 0;
        for (String frame : plainAudio) {
            seen += Bytes.indexOf(secureWire, java.util.HexFormat.of().parseHex(frame)) >= 0 ? 1 : 0;
        }
        assertThat(seen).as("frames of the control call's plain audio found in the SRTP call's capture").isZero();

        assertThat(presentedCertificate()).as("SIP over TLS presents the HTTPS certificate from the data directory")
                .isEqualTo(readCertificate(dataDir.resolve("tls/server.crt")));
        assertThat(output.getAll()).doesNotContain(CALLER).doesNotContain("inline:");
    }

    /**
     * The proof for staff phones (S1, S4): a phone made through {@link StaffPhones} registers from baresip
     * over TLS with its digest password, then calls the demo number from that registration (407-challenged, so the
     * call is the phone's, not the trunk's) with SRTP required; nothing on the wire is readable.
     */
    @Test
    @Order(2)
    void staffPhoneRegisteredOverTlsCallsTheDemoNumberWithSrtpRequiredAndTheWireShowsNoPlaintext(
            CapturedOutput output) throws Exception {
        UUID demo = tenants.lineFor(DemoCallScenarios.DEMO_NUMBER).orElseThrow().tenantId();
        jp.uketsuke.identity.Viewer manager = new jp.uketsuke.identity.Viewer("test:phones", Set.of(demo),
                Set.of("users:manage"), "127.0.0.1");
        NewStaffPhone staff = phones.create(manager, demo, "271");
        MediaSecurity before = tenants.mediaSecurity(demo).orElse(null);
        tenants.setMediaSecurity(demo, MediaSecurity.REQUIRED);
        try {
            // spoken after the greeting even when this is the context's first call (speech engines still cold)
            Path wav = callerSaying("what are your business hours", 15);
            Path heard = Files.createTempDirectory("baresip-heard");
            Instant start = Instant.now();
            String phone;
            Registration registration;
            byte[] wire;
            byte[] tlsStream;
            List<LoopbackCapture.Datagram> datagrams;
            try (LoopbackCapture capture = LoopbackCapture.start("tcp port " + sip.tlsPort() + " or " + media());
                 Baresip.Registered softphone = Baresip.register(Baresip.Account.overTls(staff.username(),
                         staff.password(), sip.tlsPort(), dataDir.resolve("tls/server.crt")),
                         new Baresip.Calling(wav, "PCMU", new Baresip.Options("srtp-mand", heard, true), 45))) {
                registration = awaitRegistration(demo, softphone);
                softphone.dial("sip:" + DemoCallScenarios.DEMO_NUMBER + "@127.0.0.1:" + sip.tlsPort());
                phone = softphone.awaitExit(60);
                wire = capture.stop();
                datagrams = capture.datagrams();
                tlsStream = capture.tcpPayload();
            }
            assertThat(registration.transport()).isEqualTo("TLS");

            // the call: challenged as the staff phone's, answered with SRTP, understood, kept on record
            assertThat(phone).contains("SIP/2.0 407 ").contains("SRTP is Enabled");
            CallDetail call = onlyClosedCallSince(demo, start);
            assertThat(call.summary().outcome()).as("%s\n%s\n%s", sip.metrics(), call.turns(), phone)
                    .isEqualTo(CallOutcome.FAQ_ANSWERED);
            assertThat(DemoCallScenarios.botTurns(call)).anyMatch(t -> t.contains(DemoCallScenarios.HOURS_ANSWER));
            assertThat(loudestRms(Baresip.heard(heard))).as("the phone heard the bot through SRTP")
                    .isGreaterThan(1000);

            // the wire: REGISTER, challenges and the call all inside TLS, every RTP packet SRTP
            assertThat(tlsStream.length).as("TLS signalling captured").isGreaterThan(1000);
            for (String clear : List.of("REGISTER sip:", "INVITE sip:", "SIP/2.0", "a=crypto", "m=audio", "Digest")) {
                assertThat(Bytes.indexOf(wire, clear.getBytes(StandardCharsets.US_ASCII))).as(clear).isNegative();
            }
            java.io.ByteArrayOutputStream media = new java.io.ByteArrayOutputStream();
            int ours = 0;
            for (LoopbackCapture.Datagram datagram : datagrams) {
                // RTP only, as above: baresip's closing RTCP goes to port + 1, where nothing of ours listens
                if (datagram.sourcePort() == RTP_PORT || datagram.destinationPort() == RTP_PORT) {
                    ours += datagram.sourcePort() == RTP_PORT ? 1 : 0;
                    assertThat(datagram.payload()).as("12-byte header, 160 bytes of audio, 10-byte tag: SRTP")
                            .hasSize(182);
                    media.writeBytes(datagram.payload());
                }
            }
            assertThat(ours).as("media we sent, captured").isGreaterThan(500);
            for (String secret : List.of(DemoCallScenarios.DEMO_NUMBER, staff.username(), staff.password())) {
                byte[] bytes = secret.getBytes(StandardCharsets.US_ASCII);
                assertThat(Bytes.indexOf(tlsStream, bytes)).as("in the TLS stream").isNegative();
                assertThat(Bytes.indexOf(media.toByteArray(), bytes)).as("in the media").isNegative();
            }
            assertThat(output.getAll()).doesNotContain(staff.password()).doesNotContain("inline:");
        } finally {
            tenants.setMediaSecurity(demo, before);
            phones.remove(manager, demo, "271");
        }
    }

    private Registration awaitRegistration(UUID tenant, Baresip.Registered softphone) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (registrations.contacts(tenant.toString(), "271").isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        assertThat(registrations.contacts(tenant.toString(), "271")).as(softphone.output()).isNotEmpty();
        return registrations.contacts(tenant.toString(), "271").getFirst();
    }

    /** The one call of the tenant since {@code since}, once its record is closed. */
    private CallDetail onlyClosedCallSince(UUID tenant, Instant since) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            List<jp.uketsuke.calls.CallSummary> calls = history.list(viewer(tenant), tenant, 50).stream()
                    .filter(c -> !c.startedAt().isBefore(since)).toList();
            if (calls.size() == 1 && calls.getFirst().outcome() != CallOutcome.IN_PROGRESS
                    || Instant.now().isAfter(deadline)) {
                assertThat(calls).hasSize(1);
                return history.find(viewer(tenant), calls.getFirst().id()).orElseThrow();
            }
            Thread.sleep(100);
        }
    }

    private static String media() {
        return "udp port " + RTP_PORT + " or udp port " + (RTP_PORT + 1);
    }

    /** PCMU payloads of RTP packets that carry sound (not silence), as hex strings. */
    private static Set<String> audibleFrames(List<LoopbackCapture.Datagram> datagrams) {
        Set<String> frames = new HashSet<>();
        for (LoopbackCapture.Datagram datagram : datagrams) {
            byte[] packet = datagram.payload();
            if (packet.length != 172 || (packet[0] & 0xC0) != 0x80 || (packet[1] & 0x7F) != 0) {
                continue;
            }
            double energy = 0;
            for (int i = 12; i < packet.length; i++) {
                int sample = jp.uketsuke.telephony.internal.codec.MuLaw.decode(packet[i] & 0xFF);
                energy += (double) sample * sample;
            }
            if (Math.sqrt(energy / 160) > 500) {
                frames.add(java.util.HexFormat.of().formatHex(packet, 12, packet.length));
            }
        }
        return frames;
    }

    /** A 40-second WAV of the caller saying {@code words} {@code atSeconds} into the call. */
    private static Path callerSaying(String words, double atSeconds) throws Exception {
        AudioClip spoken = Resampler.resample(new EspeakSynthesizer(EspeakSynthesizer.Config.defaults())
                .synthesize(words, "en-US"), 8000);
        short[] samples = new short[8000 * 40];
        int at = (int) (8000 * atSeconds);
        System.arraycopy(spoken.samples(), 0, samples, at, Math.min(spoken.samples().length, samples.length - at));
        Path wav = Files.createTempFile("caller-", ".wav");
        WavFiles.write(new AudioClip(8000, samples), wav);
        return wav;
    }

    private static double loudestRms(short[] samples) {
        double loudest = 0;
        for (int start = 0; start + 160 <= samples.length; start += 160) {
            double energy = 0;
            for (int i = start; i < start + 160; i++) {
                energy += (double) samples[i] * samples[i];
            }
            loudest = Math.max(loudest, Math.sqrt(energy / 160));
        }
        return loudest;
    }

    private X509Certificate presentedCertificate() throws Exception {
        TrustManager[] acceptAny = {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }};
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, acceptAny, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", sip.tlsPort())) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static X509Certificate readCertificate(Path pem) throws Exception {
        try (var in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static jp.uketsuke.identity.Viewer viewer(UUID tenant) {
        return new jp.uketsuke.identity.Viewer("test:srtp", Set.of(tenant), Set.of("calls:read", "recordings:play"),
                "127.0.0.1");
    }
}
