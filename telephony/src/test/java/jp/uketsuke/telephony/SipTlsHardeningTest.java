package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import jp.uketsuke.telephony.peers.LoopbackTrunk;
import jp.uketsuke.telephony.peers.FreePorts;
import jp.uketsuke.telephony.peers.Sipp;
import jp.uketsuke.telephony.peers.TestCertificates;
import jp.uketsuke.telephony.peers.TlsRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The TLS port against OpenSSL's own client (openssl s_client) and hand-made hostile connections:
 * only TLS 1.2/1.3 with ECDHE and AEAD suites, no renegotiation, and garbage never closes the port.
 */
@Timeout(240)
class SipTlsHardeningTest {

    private static final Path OPENSSL = Path.of("/usr/bin/openssl");
    private final Receptionist receptionist = new Receptionist();
    private TestCertificates certificates;
    private SipServer server;

    @BeforeAll
    static void opensslIsInstalled() {
        if (!Files.isExecutable(OPENSSL)) {
            fail("openssl is missing: install the Debian package openssl");
        }
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private void startServer(String keyAlgorithm) throws Exception {
        certificates = TestCertificates.create(keyAlgorithm);
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0).withPeers(LoopbackTrunk.peers())
                .withRtpPorts(38000, 38999)
                .withTls(SipTls.on(TlsCredentials.fromPem(certificates.certificate(), certificates.privateKey()))
                        .withPort(0).withHandshakeTimeout(Duration.ofSeconds(2))), receptionist);
        server.start();
    }

    @Test
    void onlyTls12And13WithForwardSecrecyAndAeadSuitesAreSpoken() throws Exception {
        startServer("EC");
        assertThat(sClient("-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0")).contains("alert protocol version");
        assertThat(sClient("-tls1", "-cipher", "DEFAULT@SECLEVEL=0")).contains("alert protocol version");
        assertThat(sClient("-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA")).as("CBC").contains("alert handshake failure");
        assertThat(sClient("-tls1_2", "-cipher", "ECDHE-ECDSA-AES256-SHA384")).as("CBC").contains("alert handshake failure");
        assertThat(sClient("-tls1_2", "-cipher", "AES128-GCM-SHA256")).as("no forward secrecy")
                .contains("alert handshake failure");

        assertThat(sClient("-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"))
                .contains("CONNECTION ESTABLISHED", "Ciphersuite: ECDHE-ECDSA-AES128-GCM-SHA256");
        assertThat(sClient("-tls1_2", "-cipher", "ECDHE-ECDSA-CHACHA20-POLY1305"))
                .contains("Ciphersuite: ECDHE-ECDSA-CHACHA20-POLY1305");
        assertThat(sClient("-tls1_3")).contains("Protocol version: TLSv1.3", "Ciphersuite: TLS_AES_256_GCM_SHA384");
        assertThat(sClient("-tls1_3", "-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256"))
                .contains("Ciphersuite: TLS_CHACHA20_POLY1305_SHA256");
        assertThat(server.tlsHandshakeFailures()).isEqualTo(5);
    }

    @Test
    void rsaCertificatesAreServedWithEcdheRsaSuites() throws Exception {
        startServer("RSA");
        assertThat(sClient("-tls1_2")).contains("Ciphersuite: ECDHE-RSA-AES256-GCM-SHA384");
        assertThat(sClient("-tls1_2", "-cipher", "AES256-GCM-SHA384")).contains("alert handshake failure");
    }

    @Test
    void renegotiationIsRefusedWhileTheSameConnectionOtherwiseWorks() throws Exception {
        startServer("EC");
        String options = "OPTIONS sip:200@127.0.0.1 SIP/2.0\\r\\nVia: SIP/2.0/TLS 127.0.0.1:5999;branch=z9hG4bKren%d\\r\\n"
                + "From: <sip:probe@127.0.0.1>;tag=%d\\r\\nTo: <sip:200@127.0.0.1>\\r\\nCall-ID: renegotiation-%d\\r\\n"
                + "CSeq: 1 OPTIONS\\r\\nMax-Forwards: 70\\r\\nContent-Length: 0\\r\\n\\r\\n";
        String control = sClientScript("(sleep 1; printf '" + options.formatted(1, 1, 1) + "'; sleep 2)");
        assertThat(control).as("an OPTIONS over TLS 1.2 is answered").contains("SIP/2.0 200 OK");

        String renegotiated = sClientScript("(sleep 1; printf 'R\\n'; sleep 2; printf '" + options.formatted(2, 2, 2)
                + "'; sleep 2)");
        assertThat(renegotiated).contains("RENEGOTIATING").doesNotContain("SIP/2.0 200 OK");
    }

    @Test
    void garbageTruncatedAndSilentHandshakesNeverCloseThePortToTheNextCall() throws Exception {
        startServer("EC");
        byte[] clientHello = clientHello();
        Random random = new Random(4);
        // more than the SIP stack's own connection limit (1024), which failed handshakes used to exhaust
        int hostile = 1100;
        for (int i = 0; i < hostile; i++) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.tlsPort())) {
                byte[] bytes = switch (i % 3) {
                    case 0 -> Arrays.copyOf(clientHello, 1 + random.nextInt(clientHello.length - 1));
                    case 1 -> {
                        byte[] junk = new byte[1 + random.nextInt(600)];
                        random.nextBytes(junk);
                        yield junk;
                    }
                    default -> ("INVITE sip:200@127.0.0.1 SIP/2.0\r\n").getBytes(StandardCharsets.US_ASCII);
                };
                socket.getOutputStream().write(bytes);
            } catch (SocketException resetByTheServer) {
                // the server may close first: that is the point
            }
        }
        List<Socket> silent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.tlsPort());
            socket.setSoTimeout(20_000);
            silent.add(socket);
        }
        for (Socket socket : silent) {
            assertThat(closedByServer(socket)).as("a connection that never handshakes is closed").isTrue();
        }

        try (TlsRelay relay = TlsRelay.to(server.tlsPort(), certificates.certificate())) {
            Sipp.Result call = Sipp.call("uac_savp.xml", relay.port(), "200",
                    Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair()), "cryptokey", SrtpSippTest.cryptoKey()),
                    List.of("-t", "t1"));
            assertThat(call.succeeded()).as(call.output()).isTrue();
        }
        assertThat(receptionist.nextReport(Duration.ofSeconds(10))).isNotNull();
        assertThat(server.tlsHandshakeFailures()).isGreaterThanOrEqualTo(hostile + 3);
    }

    private static boolean closedByServer(Socket socket) throws IOException {
        try (socket; InputStream in = socket.getInputStream()) {
            return in.read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    /** A genuine TLS ClientHello, as the first bytes a real client would send. */
    private static byte[] clientHello() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("127.0.0.1", 5061);
        engine.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        return Arrays.copyOf(out.array(), out.position());
    }

    private String sClient(String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(OPENSSL.toString(), "s_client", "-brief",
                "-connect", "127.0.0.1:" + server.tlsPort()));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        return finish(process);
    }

    /** s_client fed by a shell pipeline (its stdin "R" line asks for a renegotiation). */
    private String sClientScript(String input) throws Exception {
        Process process = new ProcessBuilder("sh", "-c", input + " | " + OPENSSL + " s_client -tls1_2 -connect 127.0.0.1:"
                + server.tlsPort()).redirectErrorStream(true).start();
        return finish(process);
    }

    private static String finish(Process process) throws Exception {
        java.io.ByteArrayOutputStream output = new java.io.ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                process.getInputStream().transferTo(output);
            } catch (IOException ended) {
                // the process was stopped
            }
        });
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        reader.join(5000);
        return output.toString(StandardCharsets.UTF_8);
    }
}
