package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
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
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0)
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

    /** A caller's AES_CM_128_HMAC_SHA1_80 key and salt, as SDES carries them. */
    static String cryptoKey() {
        byte[] keyAndSalt = new byte[30];
        new SecureRandom().nextBytes(keyAndSalt);
        return Base64.getEncoder().encodeToString(keyAndSalt);
    }
}
