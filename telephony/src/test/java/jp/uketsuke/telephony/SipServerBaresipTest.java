package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jp.uketsuke.telephony.peers.Baresip;
import jp.uketsuke.telephony.peers.LoopbackTrunk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real softphone (baresip, with its own G.722 codec) calls the server: proves our G.722 interoperates. */
@Timeout(120)
class SipServerBaresipTest {

    private final Receptionist receptionist = new Receptionist();
    private SipServer server;

    @BeforeEach
    void startServer() throws Exception {
        Baresip.requireInstalled();
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0)
                .withPeers(LoopbackTrunk.peers()).withRtpPorts(35000, 35999), receptionist);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void baresipCallNegotiatesG722AndItsAudioArrivesDecoded() throws Exception {
        Path wav = Files.createTempFile("caller-tone", ".wav");
        Baresip.writeWav(wav, Receptionist.tone(16000, 600, 8000), 16000);

        String output = Baresip.call("sip:200@127.0.0.1:" + server.port(), wav, "G722/16000/1", 6);

        Receptionist.Report report = receptionist.nextReport(Duration.ofSeconds(20));
        assertThat(report).as(output).isNotNull();
        assertThat(report.codec()).isEqualTo("G722");
        assertThat(report.sampleRate()).isEqualTo(16000);
        assertThat(report.audioFrames()).as("%s\n%s", server.metrics(), output).isGreaterThan(50);
        assertThat(report.loudestRms()).as("the caller's tone, decoded by our G.722").isGreaterThan(2000);
        assertThat(report.endedEvents()).isEqualTo(1);
        short[] heard = report.callerAudio();
        assertThat(heard.length).isGreaterThan(16000 * 2);
        // one second from the middle of the call: baresip's G.722 encoder, our decoder, still a 600 Hz tone
        assertThat(Receptionist.toneShare(heard, 16000, 16000, 16000, 600)).isGreaterThan(0.8);
    }
}
