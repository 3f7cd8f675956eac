package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.uketsuke.telephony.peers.LoopbackTrunk;
import jp.uketsuke.telephony.peers.Baresip;
import jp.uketsuke.telephony.peers.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIP over TLS with SRTP against the real baresip softphone (OpenSSL for TLS, its own SRTP): both
 * directions of audio must survive encryption, and the policy must refuse what it should.
 */
@Timeout(180)
class SipServerTlsTest {

    private final Receptionist receptionist = new Receptionist();
    private SipServer server;

    @BeforeEach
    void startServer() throws Exception {
        Baresip.requireInstalled();
        TestCertificates certificates = TestCertificates.create("EC");
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0).withPeers(LoopbackTrunk.peers())
                .withRtpPorts(36000, 36999)
                .withTls(SipTls.on(TlsCredentials.fromPem(certificates.certificate(), certificates.privateKey()))
                        .withPort(0)), receptionist);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void baresipWithMandatorySrtpOverTlsIsHeardAndHearsUs() throws Exception {
        Path wav = Files.createTempFile("caller-tone", ".wav");
        Baresip.writeWav(wav, Receptionist.tone(16000, 600, 8000), 16000);
        Path dump = Files.createTempDirectory("baresip-heard");

        String output = Baresip.call("caller", tlsUri("secure"), wav, "G722/16000/1", 6,
                new Baresip.Options("srtp-mand", dump));

        assertThat(output).contains("SRTP is Enabled (cryptosuite=AES_CM_128_HMAC_SHA1_80)");
        Receptionist.Report report = receptionist.nextReport(Duration.ofSeconds(20));
        assertThat(report).as(output).isNotNull();
        assertThat(report.audioFrames()).as("%s\n%s", server.metrics(), output).isGreaterThan(50);
        short[] heard = report.callerAudio();
        assertThat(heard.length).isGreaterThan(16000 * 2);
        // one second from the middle of the call: baresip's SRTP, our decryption, still a 600 Hz tone
        assertThat(Receptionist.toneShare(heard, 16000, 16000, 16000, 600)).isGreaterThan(0.8);

        // and the other way: our SRTP, baresip's decryption, our 440 Hz greeting tone
        short[] baresipHeard = Baresip.heard(dump);
        int toneStart = firstLoudSample(baresipHeard);
        assertThat(toneStart).as("baresip heard our tone").isNotNegative();
        assertThat(Receptionist.toneShare(baresipHeard, toneStart + 1600, 8000, 16000, 440)).isGreaterThan(0.8);
        assertThat(server.metrics().dropped(RtpDropReason.AUTHENTICATION)).isZero();
    }

    @Test
    void ourHangUpReachesTheCallerOverItsOwnTlsConnection() throws Exception {
        Path wav = Files.createTempFile("caller-silence", ".wav");
        Baresip.writeWav(wav, new short[8000 * 10], 8000);

        String output = Baresip.call("caller", tlsUri("hangup"), wav, "PCMU", 10,
                new Baresip.Options("srtp-mand", null, true));

        // the bot plays half a second and hangs up; baresip accepts no TLS connections of its own (it has
        // no certificate), so our BYE must come over the connection its INVITE came on
        int tls = server.tlsPort();
        Matcher invite = Pattern.compile("TLS 127\\.0\\.0\\.1:(\\d+) -> 127\\.0\\.0\\.1:" + tls + "\\R+INVITE ")
                .matcher(output);
        assertThat(invite.find()).as(output).isTrue();
        String connection = invite.group(1);
        assertThat(output).contains("TLS 127.0.0.1:" + tls + " -> 127.0.0.1:" + connection + "\nBYE sip:");
        assertThat(output).contains("Contact: <sip:127.0.0.1:" + tls + ";transport=tls>");
        assertThat(output).containsPattern("SIP/2.0 200 OK\\R(.+\\R)*?CSeq: 1 BYE");
        assertThat(output.indexOf("session closed")).as("ended by our BYE, not by baresip's own timer")
                .isLessThan(output.indexOf("ua: stop all"));
        assertThat(server.metrics().callsActive()).isZero();
    }

    @Test
    void policyRefusesWhatItMustWith488() throws Exception {
        Path wav = Files.createTempFile("caller-silence", ".wav");
        Baresip.writeWav(wav, new short[8000 * 4], 8000);

        String plainOverTls = Baresip.call("caller", tlsUri("secure"), wav, "PCMU", 4, Baresip.Options.plain());
        assertThat(plainOverTls).as("SRTP required, plain RTP offered").contains("488 Not Acceptable");

        // baresip's best-effort SRTP offers a=crypto on RTP/AVP, which RFC 4568 gives no meaning
        String bestEffort = Baresip.call("caller", tlsUri("secure"), wav, "PCMU", 4,
                new Baresip.Options("srtp", null));
        assertThat(bestEffort).contains("488 Not Acceptable");

        String srtpOnly = Baresip.call("caller", tlsUri("plain"), wav, "PCMU", 4,
                new Baresip.Options("srtp-mand", null));
        assertThat(srtpOnly).as("media security off, only SRTP offered").contains("488 Not Acceptable");

        String overUdp = Baresip.call("caller", "sip:secure@127.0.0.1:" + server.port(), wav, "PCMU", 4,
                new Baresip.Options("srtp-mand", null));
        assertThat(overUdp).as("SDES keys over clear UDP signalling").contains("488 Not Acceptable");

        assertThat(receptionist.nextReport(Duration.ofSeconds(1))).as("no session ran").isNull();
        assertThat(server.metrics().callsActive()).isZero();
    }

    private String tlsUri(String user) {
        return "sip:" + user + "@127.0.0.1:" + server.tlsPort() + ";transport=tls";
    }

    private static int firstLoudSample(short[] samples) {
        for (int i = 0; i < samples.length; i++) {
            if (Math.abs(samples[i]) > 4000) {
                return i;
            }
        }
        return -1;
    }
}
