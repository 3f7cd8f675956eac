package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import jp.uketsuke.telephony.peers.Baresip;
import jp.uketsuke.telephony.peers.LoopbackTrunk;
import jp.uketsuke.telephony.peers.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real baresip softphone as a staff phone: registers with its password, is found, is refused without it. */
@Timeout(120)
class RegistrarBaresipTest {

    private final java.util.concurrent.LinkedBlockingQueue<CallOrigin> origins =
            new java.util.concurrent.LinkedBlockingQueue<>();
    private final java.util.concurrent.LinkedBlockingQueue<String> endings =
            new java.util.concurrent.LinkedBlockingQueue<>();
    private SipServer server;
    private TestCertificates certificates;

    @BeforeEach
    void start() throws Exception {
        Baresip.requireInstalled();
        // baresip 1.0 (libre 1.1) gives up at a challenge it does not know, so offer MD5 only
        PeerSettings peers = LoopbackTrunk.peers().withRegistrar(PeerSettings.RegistrarPolicy.defaults()
                .withDigestAlgorithms(List.of("MD5")));
        certificates = TestCertificates.create("EC");
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0).withPeers(peers)
                .withRtpPorts(38000, 38999).withTls(SipTls.on(TlsCredentials.fromPem(certificates.certificate(),
                        certificates.privateKey())).withPort(0)), request -> {
                    origins.add(request.origin());
                    return Admission.answer(call -> {
                        MediaEvent event;
                        while (!((event = call.next(Duration.ofSeconds(60))) instanceof MediaEvent.Ended)) {
                            // silence: the phone's call runs until the phone hangs up
                        }
                        endings.add(((MediaEvent.Ended) event).reason());
                    });
                }, RegistrarSippTest::phone,
                Clock.systemUTC());
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void baresipRegistersWithItsPasswordAndIsFoundByExtension() throws Exception {
        try (Baresip.Registered phone = Baresip.register(RegistrarSippTest.USER, RegistrarSippTest.PASSWORD,
                server.port(), 600)) {
            boolean found = waitFor(() -> !server.registrations()
                    .contacts(RegistrarSippTest.TENANT, RegistrarSippTest.EXTENSION).isEmpty());
            assertThat(found).as(phone.output()).isTrue();
            Registration registration = server.registrations()
                    .contacts(RegistrarSippTest.TENANT, RegistrarSippTest.EXTENSION).getFirst();
            assertThat(registration.contact()).startsWith("sip:201-test").contains("@127.0.0.1:");
            assertThat(registration.expiresAt()).isAfter(Instant.now().plusSeconds(500));
            assertThat(server.metrics().authenticationFailures()).isZero();
        }
    }

    @Test
    void baresipRegistersOverTlsTrustingOurCertificateAndIsFoundWithTransportTls() throws Exception {
        try (Baresip.Registered phone = Baresip.register(Baresip.Account.overTls(RegistrarSippTest.USER,
                RegistrarSippTest.PASSWORD, server.tlsPort(), certificates.certificate()), null)) {
            boolean found = waitFor(() -> !server.registrations()
                    .contacts(RegistrarSippTest.TENANT, RegistrarSippTest.EXTENSION).isEmpty());
            assertThat(found).as(phone.output()).isTrue();
            Registration registration = server.registrations()
                    .contacts(RegistrarSippTest.TENANT, RegistrarSippTest.EXTENSION).getFirst();
            assertThat(registration.transport()).isEqualTo("TLS");
            assertThat(registration.contact()).startsWith("sip:201-test").contains("@127.0.0.1:")
                    .contains(";transport=tls");
            // the connection it registered over (baresip connects from an unbound socket, its Contact names its own
            // TLS listener): the way to reach a phone that holds no certificate of its own
            assertThat(registration.source().getAddress().isLoopbackAddress()).isTrue();
            assertThat(registration.contact()).doesNotContain(":" + registration.source().getPort() + ";");
            assertThat(server.metrics().authenticationFailures()).isZero();
        }
    }

    @Test
    void callOnTheConnectionAPhoneRegisteredOverIsChallengedAndComesFromThePhoneNotTheTrunk() throws Exception {
        java.nio.file.Path wav = java.nio.file.Files.createTempFile("silence", ".wav");
        Baresip.writeWav(wav, new short[8000 * 30], 8000);
        try (Baresip.Registered phone = Baresip.register(Baresip.Account.overTls(RegistrarSippTest.USER,
                RegistrarSippTest.PASSWORD, server.tlsPort(), certificates.certificate()),
                new Baresip.Calling(wav, "PCMU", new Baresip.Options(null, null, true), 30))) {
            assertThat(waitFor(() -> !server.registrations().ofTenant(RegistrarSippTest.TENANT).isEmpty()))
                    .as(phone.output()).isTrue();
            // baresip's TLS connection leaves from 127.0.0.1, the test trunk's address: the connection decides
            // baresip adds ";transport=tls" itself: its account is a TLS one
            phone.dial("sip:0501234567@127.0.0.1:" + server.tlsPort());
            CallOrigin origin = origins.poll(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(origin).as(phone.output()).isEqualTo(new CallOrigin.FromPhone(RegistrarSippTest.TENANT,
                    RegistrarSippTest.EXTENSION, RegistrarSippTest.USER));
            assertThat(phone.output()).contains("SIP/2.0 407 ");
            // the challenged INVITE's dialog ends with its transaction; the call it shares a Call-ID with goes on
            // until baresip quits and hangs up
            assertThat(endings.poll(40, java.util.concurrent.TimeUnit.SECONDS)).as(phone.output())
                    .isEqualTo("caller hung up");
        }
    }

    @Test
    void baresipOverTlsWithTheWrongPasswordIsNotRegistered() throws Exception {
        try (Baresip.Registered phone = Baresip.register(Baresip.Account.overTls(RegistrarSippTest.USER,
                "wrong-password", server.tlsPort(), certificates.certificate()), null)) {
            boolean failed = waitFor(() -> server.metrics().authenticationFailures() > 0);
            assertThat(failed).as(phone.output()).isTrue();
            assertThat(server.registrations().ofTenant(RegistrarSippTest.TENANT)).isEmpty();
        }
    }

    @Test
    void baresipWithTheWrongPasswordIsNotRegistered() throws Exception {
        try (Baresip.Registered phone = Baresip.register(RegistrarSippTest.USER, "wrong-password", server.port(),
                600)) {
            boolean failed = waitFor(() -> server.metrics().authenticationFailures() > 0);
            assertThat(failed).as(phone.output()).isTrue();
            assertThat(server.registrations().ofTenant(RegistrarSippTest.TENANT)).isEmpty();
        }
    }

    /** Polls until {@code condition} holds or 20 s pass (baresip registers within a second or two). */
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
