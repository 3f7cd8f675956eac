package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import jp.uketsuke.telephony.peers.Baresip;
import jp.uketsuke.telephony.peers.LoopbackTrunk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real baresip softphone as a staff phone: registers with its password, is found, is refused without it. */
@Timeout(120)
class RegistrarBaresipTest {

    private SipServer server;

    @BeforeEach
    void start() throws Exception {
        Baresip.requireInstalled();
        // baresip 1.0 (libre 1.1) gives up at a challenge it does not know, so offer MD5 only
        PeerSettings peers = LoopbackTrunk.peers().withRegistrar(PeerSettings.RegistrarPolicy.defaults()
                .withDigestAlgorithms(List.of("MD5")));
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0).withPeers(peers)
                .withRtpPorts(38000, 38999), request -> Admission.reject(404, null), RegistrarSippTest::phone,
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
