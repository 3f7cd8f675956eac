package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import jp.uketsuke.telephony.peers.FreePorts;
import jp.uketsuke.telephony.peers.Sipp;
import jp.uketsuke.telephony.peers.SippPeer;
import jp.uketsuke.telephony.peers.TestCertificates;
import jp.uketsuke.telephony.peers.TlsRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Outbound legs to a TLS trunk: SIPp answers behind socat, which speaks TLS (OpenSSL) with the trunk's certificate.
 * The leg connects only when that certificate chains to the trunk's configured CAs and names the trunk's address;
 * otherwise the dial fails cleanly, the refusal is counted, and the server keeps answering.
 */
@Timeout(120)
class TlsTrunkLegTest {

    private static final CallerId TENANT = new CallerId("Demo Company", "0501234567");
    private static final Duration RING = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(40);

    private SipServer server;

    @BeforeAll
    static void peersAreInstalled() {
        Sipp.requireInstalled();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private void startServer(int trunkPort, TlsTrust trust) throws Exception {
        TestCertificates ours = TestCertificates.create("EC");
        Trunk carrier = new Trunk("carrier-tls", "127.0.0.1", trunkPort, "TLS", null, List.of(), List.of())
                .withTlsTrust(trust);
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0)
                .withPeers(PeerSettings.defaults().withTrunks(List.of(carrier))).withRtpPorts(37000, 37999)
                .withTls(SipTls.on(TlsCredentials.fromPkcs12(ours.pkcs12(), ours.password())).withPort(0)),
                request -> Admission.reject(404, "Not Found"));
        server.start();
    }

    @Test
    void aTrunkWithATrustedCertificateNamingItsAddressIsCalledOverTls() throws Exception {
        TestCertificates trunkCertificate = TestCertificates.create("EC");
        int sippPort = FreePorts.udpPair();
        try (TlsRelay relay = TlsRelay.serving(sippPort, trunkCertificate);
             SippPeer peer = SippPeer.calleeOverTcp("uas_answer_tls.xml", sippPort,
                     Map.of("tlsport", String.valueOf(relay.port())), 30)) {
            startServer(relay.port(), TlsTrust.fromPem(trunkCertificate.certificate()));

            DialOutcome outcome = server.dial(new Destination.ViaTrunk("0312345678", "127.0.0.1", relay.port(), "TLS",
                    null, null), TENANT, RING).await(WAIT);

            assertThat(outcome).as(peer.output()).isInstanceOf(DialOutcome.Answered.class);
            Call leg = ((DialOutcome.Answered) outcome).call();
            assertThat(leg.request().transport()).isEqualTo("TLS");
            leg.hangup();
            assertThat(peer.await(30).succeeded()).as("SIPp got our ACK and BYE through TLS\n%s", peer.output())
                    .isTrue();
            assertThat(server.tlsPeersRefused()).isZero();
        }
    }

    @Test
    void aTrunkWhoseCertificateNamesAnotherHostIsRefusedAndTheDialFails() throws Exception {
        TestCertificates otherName = TestCertificates.create("EC", "carrier.example", "dns:carrier.example");
        assertRefused(otherName, TlsTrust.fromPem(otherName.certificate()));
    }

    @Test
    void aTrunkWhoseCertificateComesFromAnUntrustedCaIsRefusedAndTheDialFails() throws Exception {
        TestCertificates trunkCertificate = TestCertificates.create("EC");
        TestCertificates someoneElse = TestCertificates.create("EC");
        assertRefused(trunkCertificate, TlsTrust.fromPem(someoneElse.certificate()));
    }

    @Test
    void aSelfSignedTrunkIsRefusedUnderTheJdksCas() throws Exception {
        assertRefused(TestCertificates.create("EC"), TlsTrust.jdkDefault());
    }

    @Test
    void aTrunkSpeakingOnlyACipherOutsideOurPolicyIsNotCalled() throws Exception {
        TestCertificates trunkCertificate = TestCertificates.create("EC");
        int sippPort = FreePorts.udpPair();
        // TLS 1.2 with only a CBC suite (which the JDK would speak by default): right certificate and name, no AEAD
        try (TlsRelay relay = TlsRelay.serving(sippPort, trunkCertificate,
                ",openssl-max-proto-version=TLS1.2,cipher=ECDHE-ECDSA-AES128-SHA256");
             SippPeer peer = SippPeer.calleeOverTcp("uas_answer_tls.xml", sippPort,
                     Map.of("tlsport", String.valueOf(relay.port())), 30)) {
            startServer(relay.port(), TlsTrust.fromPem(trunkCertificate.certificate()));

            DialOutcome outcome = server.dial(new Destination.ViaTrunk("0312345678", "127.0.0.1", relay.port(), "TLS",
                    null, null), TENANT, RING).await(WAIT);

            assertThat(outcome).isInstanceOf(DialOutcome.Failed.class);
            assertThat(peer.output()).as("no INVITE reached the trunk").doesNotContain("INVITE sip:");
        }
    }

    private void assertRefused(TestCertificates trunkCertificate, TlsTrust trust) throws Exception {
        int sippPort = FreePorts.udpPair();
        try (TlsRelay relay = TlsRelay.serving(sippPort, trunkCertificate);
             SippPeer peer = SippPeer.calleeOverTcp("uas_answer_tls.xml", sippPort,
                     Map.of("tlsport", String.valueOf(relay.port())), 30)) {
            startServer(relay.port(), trust);

            DialOutcome outcome = server.dial(new Destination.ViaTrunk("0312345678", "127.0.0.1", relay.port(), "TLS",
                    null, null), TENANT, RING).await(WAIT);

            assertThat(outcome).isInstanceOf(DialOutcome.Failed.class);
            assertThat(server.tlsPeersRefused()).isEqualTo(1);
            assertThat(server.metrics().callsActive()).isZero();
            assertThat(peer.output()).as("no INVITE reached the trunk").doesNotContain("INVITE sip:");

            // the refusal broke nothing: the server still answers
            Sipp.Result options = Sipp.call("uac_options.xml", server.port(), "200", Map.of());
            assertThat(options.succeeded()).as(options.output()).isTrue();
        }
    }
}
