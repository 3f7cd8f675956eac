package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import jp.uketsuke.telephony.peers.LoopbackTrunk;
import jp.uketsuke.telephony.peers.FreePorts;
import jp.uketsuke.telephony.peers.RawSip;
import jp.uketsuke.telephony.peers.Sipp;
import jp.uketsuke.telephony.peers.TestCertificates;
import jp.uketsuke.telephony.peers.TlsRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SDES offers from the real SIPp under each media security policy. Debian's SIPp has no TLS, so its
 * TLS calls go through socat, which speaks TLS (OpenSSL) to the server.
 */
@Timeout(180)
class SrtpSippTest {

    private final Receptionist receptionist = new Receptionist();
    private TestCertificates certificates;
    private SipServer server;

    @BeforeEach
    void startServer() throws Exception {
        Sipp.requireInstalled();
        certificates = TestCertificates.create("EC");
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0).withPeers(LoopbackTrunk.peers())
                .withRtpPorts(37000, 37999)
                .withTls(SipTls.on(TlsCredentials.fromPkcs12(certificates.pkcs12(), certificates.password()))
                        .withPort(0)), receptionist);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void requiredPolicyOverTlsAnswersAnSrtpOfferWithOurKeyAndRefusesAPlainOfferWith488() throws Exception {
        try (TlsRelay relay = TlsRelay.to(server.tlsPort(), certificates.certificate())) {
            Sipp.Result srtp = Sipp.call("uac_savp.xml", relay.port(), "secure",
                    Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair()), "cryptokey", cryptoKey()),
                    List.of("-t", "t1"));
            assertThat(srtp.succeeded()).as(srtp.output()).isTrue();
            assertThat(receptionist.requests.poll().transport()).isEqualTo("TLS");

            Sipp.Result plain = Sipp.call("uac_avp_refused.xml", relay.port(), "secure",
                    Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair())), List.of("-t", "t1"));
            assertThat(plain.succeeded()).as(plain.output()).isTrue();
        }
        Receptionist.Report report = receptionist.nextReport(Duration.ofSeconds(10));
        assertThat(report).as("the SRTP call ran its session").isNotNull();
        assertThat(receptionist.nextReport(Duration.ofSeconds(1))).as("the refused call never did").isNull();
    }

    @Test
    void requiredPolicyRefusesSdesKeysOfferedOverClearSignalling() throws Exception {
        Sipp.Result udp = Sipp.call("uac_savp_refused.xml", server.port(), "secure",
                Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair()), "cryptokey", cryptoKey()));
        assertThat(udp.succeeded()).as(udp.output()).isTrue();
        Sipp.Result tcp = Sipp.call("uac_savp_refused.xml", server.port(), "secure",
                Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair()), "cryptokey", cryptoKey()),
                List.of("-t", "t1"));
        assertThat(tcp.succeeded()).as(tcp.output()).isTrue();

        assertThat(receptionist.requests).extracting(CallRequest::transport).containsExactly("UDP", "TCP");
        assertThat(receptionist.nextReport(Duration.ofSeconds(1))).as("no call was answered").isNull();

        // a Via claiming TLS over UDP gets no call either (the 100 Trying cannot even go where it points)
        String offer = "v=0\r\no=raw 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + FreePorts.udpPair() + " RTP/SAVP 0\r\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + cryptoKey() + "\r\n";
        String forged = RawSip.invite("TLS", server.port(), "forged-via-1", offer).replace("sip:200@", "sip:secure@");
        RawSip.udpNoWait(server.port(), forged.getBytes(StandardCharsets.UTF_8));
        assertThat(receptionist.nextReport(Duration.ofSeconds(2))).isNull();
        assertThat(server.metrics().callsActive()).isZero();
    }

    @Test
    void preferredPolicyGivesACallerInsistingOnSrtpOverUdpSrtp() throws Exception {
        Sipp.Result result = Sipp.call("uac_savp.xml", server.port(), "200",
                Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair()), "cryptokey", cryptoKey()));
        assertThat(result.succeeded()).as(result.output()).isTrue();
    }

    @Test
    void offPolicyRefusesAnSrtpOnlyOfferEvenOverTls() throws Exception {
        try (TlsRelay relay = TlsRelay.to(server.tlsPort(), certificates.certificate())) {
            Sipp.Result result = Sipp.call("uac_savp_refused.xml", relay.port(), "plain",
                    Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair()), "cryptokey", cryptoKey()),
                    List.of("-t", "t1"));
            assertThat(result.succeeded()).as(result.output()).isTrue();
        }
    }

    @Test
    void aReInviteOfATlsCallOverClearSignallingGets488InsteadOfOurKey() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (var in = java.nio.file.Files.newInputStream(certificates.certificate())) {
            trusted.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.tlsPort())) {
            tls.setSoTimeout(10_000);
            int tlsPort = server.tlsPort();
            String sdp = "v=0\r\no=raw 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=audio " + FreePorts.udpPair() + " RTP/SAVP 0\r\n"
                    + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + cryptoKey() + "\r\n";
            write(tls, request("INVITE", "sip:200@127.0.0.1:" + tlsPort + ";transport=tls", "TLS", tls.getLocalPort(),
                    1, "", sdp));
            String ok = readUntilFinal(tls);
            assertThat(ok).startsWith("SIP/2.0 200").contains("RTP/SAVP", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:");
            String toTag = ok.replaceAll("(?s).*\r\nTo: [^\r]*;tag=([0-9a-zA-Z]+).*", "$1");
            String ourKey = ok.replaceAll("(?s).*inline:([A-Za-z0-9+/=]+).*", "$1");
            write(tls, request("ACK", "sip:127.0.0.1:" + tlsPort + ";transport=tls", "TLS", tls.getLocalPort(), 1,
                    toTag, ""));

            String overUdp = request("INVITE", "sip:127.0.0.1:" + server.port(), "UDP", 5999, 2, toTag, sdp);
            assertThat(RawSip.finalResponse(server.port(), overUdp.getBytes(StandardCharsets.UTF_8)))
                    .startsWith("SIP/2.0 488");

            write(tls, request("INVITE", "sip:127.0.0.1:" + tlsPort + ";transport=tls", "TLS", tls.getLocalPort(), 3,
                    toTag, sdp));
            assertThat(readUntilFinal(tls)).as("over TLS the call's answer is repeated").startsWith("SIP/2.0 200")
                    .contains("inline:" + ourKey);
            write(tls, request("BYE", "sip:127.0.0.1:" + tlsPort + ";transport=tls", "TLS", tls.getLocalPort(), 4,
                    toTag, ""));
            assertThat(readUntilFinal(tls)).startsWith("SIP/2.0 200");
        }
    }

    private static String request(String method, String uri, String transport, int localPort, int sequence, String toTag,
                                  String body) {
        return method + " " + uri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " 127.0.0.1:" + localPort + ";rport;branch=z9hG4bKreinvite" + sequence
                + method.length() + "\r\n"
                + "From: <sip:0312345678@127.0.0.1>;tag=reinvite\r\n"
                + "To: <sip:200@127.0.0.1>" + (toTag.isEmpty() ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: reinvite-over-udp\r\n"
                + "CSeq: " + sequence + " " + method + "\r\n"
                + "Contact: <sip:raw@127.0.0.1:" + localPort + ";transport=" + transport.toLowerCase() + ">\r\n"
                + "Max-Forwards: 70\r\n"
                + (body.isEmpty() ? "" : "Content-Type: application/sdp\r\n")
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static void write(SSLSocket socket, String message) throws java.io.IOException {
        socket.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** Reads SIP messages off the stream until a final response, which it returns (headers and body). */
    private static String readUntilFinal(SSLSocket socket) throws java.io.IOException {
        java.io.InputStream in = socket.getInputStream();
        while (true) {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int next = in.read();
                if (next < 0) {
                    throw new java.io.EOFException("connection closed after: " + head);
                }
                head.append((char) next);
            }
            String message = head.toString().stripLeading();
            int length = Integer.parseInt(message.replaceAll("(?s).*\r\nContent-Length: *(\\d+).*", "$1"));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            if (message.startsWith("SIP/2.0 ") && !message.startsWith("SIP/2.0 1")) {
                return message + body;
            }
        }
    }

    /** A caller's AES_CM_128_HMAC_SHA1_80 key and salt, as SDES carries them. */
    static String cryptoKey() {
        byte[] keyAndSalt = new byte[30];
        new SecureRandom().nextBytes(keyAndSalt);
        return Base64.getEncoder().encodeToString(keyAndSalt);
    }
}
