package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.uketsuke.telephony.peers.Baresip;
import jp.uketsuke.telephony.peers.LoopbackTrunk;
import jp.uketsuke.telephony.peers.StaffPhone;
import jp.uketsuke.telephony.peers.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bridged transfer to a staff phone registered over TLS: a baresip caller over TLS with SRTP required is put through
 * to a baresip staff phone that registered over TLS (and, holding no certificate, accepts no connection): the leg's
 * INVITE, ACK and BYE go over the phone's own registered connection and its media is SRTP; a phone without SRTP
 * (baresip refuses our RTP/SAVP offer) or one over UDP is not bridged and the bot takes the caller back, as when
 * nobody answers. A plain answer to our SRTP offer is refused by {@code LegSdp} (see its test).
 */
@Timeout(180)
class BridgedTransferTlsPhoneTest {

    private static final CallerId TENANT = new CallerId("Demo Company", "0501234567");
    private static final double CALLER_HZ = 1000;
    private static final double STAFF_HZ = 600;
    private static final double RESUME_HZ = 880;

    private final LinkedBlockingQueue<DialOutcome> outcomes = new LinkedBlockingQueue<>();
    /** Where the session transfers to; null: the staff phone where it registered. */
    private volatile Destination staff;
    private TestCertificates certificates;
    private SipServer server;

    @BeforeEach
    void startServer() throws Exception {
        Baresip.requireInstalled();
        certificates = TestCertificates.create("EC");
        // baresip 1.0 (libre 1.1) gives up at a challenge it does not know, so offer MD5 only
        PeerSettings peers = LoopbackTrunk.peers().withRegistrar(PeerSettings.RegistrarPolicy.defaults()
                .withDigestAlgorithms(List.of("MD5")));
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0).withPeers(peers)
                .withRtpPorts(37000, 37999).withTls(SipTls.on(TlsCredentials.fromPem(certificates.certificate(),
                        certificates.privateKey())).withPort(0)),
                request -> Admission.answer(this::transferToStaff, MediaSecurity.REQUIRED), RegistrarSippTest::phone,
                Clock.systemUTC());
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** Rings the staff phone where it registered (as the server's staff targets do), bridges, or resumes. */
    private void transferToStaff(Call call) throws InterruptedException {
        Destination target = staff;
        if (target == null) {
            Registration phone = server.registrations()
                    .contacts(RegistrarSippTest.TENANT, RegistrarSippTest.EXTENSION).getFirst();
            target = new Destination.Contact(phone.contact(), phone.source());
        }
        OutboundLeg leg = call.dial(target, TENANT, Duration.ofSeconds(10));
        DialOutcome outcome;
        while ((outcome = leg.await(Duration.ofMillis(100))) == null) {
            if (!call.isActive()) {
                leg.cancel();
            }
        }
        outcomes.add(outcome);
        if (outcome instanceof DialOutcome.Answered answered) {
            call.bridge(answered.call());
        } else if (call.isActive()) {
            call.play(Receptionist.tone(call.sampleRate(), RESUME_HZ, 3000)).await();
            call.hangup();
        }
        while (!(call.next(Duration.ofSeconds(30)) instanceof MediaEvent.Ended)) {
            // the bridge carries the audio until one side hangs up
        }
    }

    @Test
    void phoneRegisteredOverTlsGetsTheLegOverItsOwnConnectionWithSrtpBothWays() throws Exception {
        Path callerHeard = Files.createTempDirectory("caller-heard");
        try (StaffPhone phone = StaffPhone.registeredOverTls(RegistrarSippTest.USER, RegistrarSippTest.PASSWORD,
                server.tlsPort(), certificates.certificate(), "srtp-mand", toneWav(STAFF_HZ), "PCMU/8000/1", true,
                60)) {
            String connection = registeredConnection(phone);
            String caller = Baresip.call("caller", "sip:200@127.0.0.1:" + server.tlsPort() + ";transport=tls",
                    toneWav(CALLER_HZ), "PCMU", 15, new Baresip.Options("srtp-mand", callerHeard));

            DialOutcome outcome = outcomes.poll(30, TimeUnit.SECONDS);
            assertThat(outcome).as("%s\n%s", caller, phone.output()).isInstanceOf(DialOutcome.Answered.class);
            int tls = server.tlsPort();
            // the caller has hung up: our BYE to the staff phone follows at once
            Instant deadline = Instant.now().plusSeconds(10);
            while (!phone.output().contains("\nBYE sip:") && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            phone.close();
            String staff = phone.output();
            for (String method : List.of("INVITE", "ACK", "BYE")) {
                assertThat(staff).as(method + " over the registered connection")
                        .contains("TLS 127.0.0.1:" + tls + " -> 127.0.0.1:" + connection + "\n" + method + " sip:");
            }
            assertThat(staff).contains("SRTP is Enabled");
            assertThat(staff).containsPattern("a=crypto:\\d AES_(256_)?CM_(128_)?HMAC_SHA1_80 inline:");
            // both ways through the bridge, decrypted and encrypted again on the staff leg
            assertThat(bestShare(phone.heard(), 8000, CALLER_HZ)).as("caller's tone at the staff phone")
                    .isGreaterThan(0.8);
            assertThat(bestShare(Baresip.heard(callerHeard), 8000, STAFF_HZ)).as("staff's tone at the caller")
                    .isGreaterThan(0.8);
        }
        assertThat(server.metrics().dropped(RtpDropReason.AUTHENTICATION)).isZero();
        assertThat(server.metrics().callsActive()).isZero();
    }

    @Test
    void phoneWithoutSrtpIsNotBridgedWhereSrtpIsRequiredAndTheBotTakesTheCallerBack() throws Exception {
        Path callerHeard = Files.createTempDirectory("caller-heard");
        try (StaffPhone phone = StaffPhone.registeredOverTls(RegistrarSippTest.USER, RegistrarSippTest.PASSWORD,
                server.tlsPort(), certificates.certificate(), null, toneWav(STAFF_HZ), "PCMU/8000/1", true, 60)) {
            registeredConnection(phone);
            String caller = Baresip.call("caller", "sip:200@127.0.0.1:" + server.tlsPort() + ";transport=tls",
                    toneWav(CALLER_HZ), "PCMU", 12, new Baresip.Options("srtp-mand", callerHeard));

            DialOutcome outcome = outcomes.poll(30, TimeUnit.SECONDS);
            assertThat(outcome).as("%s\n%s", caller, phone.output()).isNotNull()
                    .isNotInstanceOf(DialOutcome.Answered.class);
            short[] heard = Baresip.heard(callerHeard);
            assertThat(bestShare(heard, 8000, RESUME_HZ)).as("the bot speaking again").isGreaterThan(0.8);
            assertThat(bestShare(heard, 8000, STAFF_HZ)).as("nothing of the plain phone").isLessThan(0.3);
            phone.close();
            assertThat(phone.output()).doesNotContain("SRTP is Enabled");
        }
        assertThat(server.metrics().callsActive()).isZero();
    }

    @Test
    void withSrtpRequiredNoLegIsPlacedToAPhoneOverUdpAndTheBotTakesTheCallerBack() throws Exception {
        Path callerHeard = Files.createTempDirectory("caller-heard");
        try (StaffPhone phone = StaffPhone.start("201", toneWav(STAFF_HZ), "PCMU/8000/1", true, 60)) {
            staff = new Destination.Contact(phone.uri());
            String caller = Baresip.call("caller", "sip:200@127.0.0.1:" + server.tlsPort() + ";transport=tls",
                    toneWav(CALLER_HZ), "PCMU", 10, new Baresip.Options("srtp-mand", callerHeard));

            DialOutcome outcome = outcomes.poll(30, TimeUnit.SECONDS);
            assertThat(outcome).as(caller).isEqualTo(
                    new DialOutcome.Failed("SRTP required but the destination is not reached over TLS"));
            assertThat(bestShare(Baresip.heard(callerHeard), 8000, RESUME_HZ)).as("the bot speaking again")
                    .isGreaterThan(0.8);
            phone.close();
            assertThat(phone.output()).as("no INVITE, so no key over clear signalling").doesNotContain("Incoming call");
        }
    }

    /** Waits for the phone's registration; returns the source port of the TLS connection it registered over. */
    private String registeredConnection(StaffPhone phone) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (server.registrations().ofTenant(RegistrarSippTest.TENANT).isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        List<Registration> registrations = server.registrations().ofTenant(RegistrarSippTest.TENANT);
        assertThat(registrations).as(phone.output()).hasSize(1);
        assertThat(registrations.getFirst().transport()).isEqualTo("TLS");
        Matcher register = Pattern.compile("TLS 127\\.0\\.0\\.1:(\\d+) -> 127\\.0\\.0\\.1:" + server.tlsPort()
                + "\\R+REGISTER ").matcher(phone.output());
        assertThat(register.find()).as(phone.output()).isTrue();
        assertThat(registrations.getFirst().source().getPort()).isEqualTo(Integer.parseInt(register.group(1)));
        return register.group(1);
    }

    private static Path toneWav(double hz) throws Exception {
        Path wav = Files.createTempFile("tone-", ".wav");
        Baresip.writeWav(wav, Receptionist.tone(8000, hz, 30_000), 8000);
        return wav;
    }

    /** The largest share of {@code hz} in any one-second window (Goertzel). */
    private static double bestShare(short[] samples, int rate, double hz) {
        double best = 0;
        for (int from = 0; from + rate <= samples.length; from += rate / 4) {
            best = Math.max(best, Receptionist.toneShare(samples, from, rate, rate, hz));
        }
        return best;
    }
}
