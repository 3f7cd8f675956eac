package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jp.uketsuke.telephony.peers.Baresip;
import jp.uketsuke.telephony.peers.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SIP over TLS with SRTP, against the real baresip softphone (OpenSSL for TLS, libre/libsrtp-style SRTP). */
@Timeout(180)
class SipServerTlsTest {

    private final Receptionist receptionist = new Receptionist();
    private SipServer server;

    @BeforeEach
    void startServer() throws Exception {
        Baresip.requireInstalled();
        TestCertificates certificates = TestCertificates.create("EC");
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0)
                .withRtpPorts(36000, 36999)
                .withTls(SipTls.on(TlsCredentials.fromPem(certificates.certificate(), certificates.privateKey()))
                        .withPort(0).withHandshakeTimeout(Duration.ofSeconds(2))), receptionist);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void baresipOverTlsWithMandatorySrtpIsHeardAndHearsUs() throws Exception {
        Path wav = Files.createTempFile("caller-tone", ".wav");
        Baresip.writeWav(wav, Receptionist.tone(16000, 600, 8000), 16000);
        Path dump = Files.createTempDirectory("baresip-heard");

        String output = Baresip.call("caller", "sip:secure@127.0.0.1:" + server.tlsPort() + ";transport=tls", wav,
                "G722/16000/1", 6, new Baresip.Options("srtp-mand", dump));

        Receptionist.Report report = receptionist.nextReport(Duration.ofSeconds(20));
        assertThat(report).as(output).isNotNull();
        System.out.println(output);
        assertThat(report.audioFrames()).as("%s\n%s", server.metrics(), output).isGreaterThan(50);
        short[] heard = report.callerAudio();
        assertThat(Receptionist.toneShare(heard, 16000, 16000, 16000, 600)).isGreaterThan(0.8);
        short[] baresipHeard = Baresip.heard(dump);
        System.out.println("baresip heard " + baresipHeard.length + " rms " + Receptionist.rms(baresipHeard));
    }

    @Test
    void probe() throws Exception {
        Path wav = Files.createTempFile("caller-tone", ".wav");
        Baresip.writeWav(wav, Receptionist.tone(8000, 600, 8000), 8000);
        String output = Baresip.call("caller", "sip:hangup@127.0.0.1:" + server.tlsPort() + ";transport=tls", wav,
                "PCMU", 8, new Baresip.Options("srtp-mand", null));
        System.out.println("HANGUP\n" + output.replaceAll("\\[0:00:0\\d\\] audio=\\d+/\\d+ \\(bit/s\\)\\s*", ""));
    }
}
