package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jp.uketsuke.telephony.peers.Baresip;
import jp.uketsuke.telephony.peers.LoopbackTrunk;
import jp.uketsuke.telephony.peers.StaffPhone;
import jp.uketsuke.telephony.peers.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Blind transfer between real softphones: a baresip caller is referred to a baresip staff phone, calls it itself,
 * and reports the answer back; the bot's leg then ends.
 */
@Timeout(120)
class BlindTransferBaresipTest {

    private final LinkedBlockingQueue<ReferResult> results = new LinkedBlockingQueue<>();
    private volatile String staffUri;
    private SipServer server;

    @BeforeEach
    void startServer() throws Exception {
        Baresip.requireInstalled();
        TestCertificates certificates = TestCertificates.create("EC");
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0)
                .withPeers(LoopbackTrunk.peers()).withRtpPorts(36000, 36999)
                .withTls(SipTls.on(TlsCredentials.fromPem(certificates.certificate(), certificates.privateKey()))
                        .withPort(0)), request -> Admission.answer(call -> {
                    call.play(Receptionist.tone(call.sampleRate(), 440, 500)).await();
                    results.add(call.referTo(new Destination.Contact(staffUri), Duration.ofSeconds(20)));
                }));
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void referredBaresipCallerReachesTheStaffPhoneItself() throws Exception {
        Path staffWav = Files.createTempFile("staff-", ".wav");
        Baresip.writeWav(staffWav, Receptionist.tone(8000, 600, 30_000), 8000);
        Path callerWav = Files.createTempFile("caller-", ".wav");
        Baresip.writeWav(callerWav, Receptionist.tone(8000, 1000, 30_000), 8000);
        try (StaffPhone phone = StaffPhone.start("201", staffWav, "PCMU/8000/1", true, 60)) {
            staffUri = phone.uri();
            String caller = Baresip.call("0312345678", "sip:200@127.0.0.1:" + server.port(), callerWav,
                    "PCMU/8000/1", 10);

            ReferResult result = results.poll(30, TimeUnit.SECONDS);
            assertThat(result).as(caller).isEqualTo(new ReferResult.Transferred(200));
            phone.close();
            assertThat(phone.output()).as("the caller, not Uketsuke, called the staff phone\n%s", caller)
                    .contains("answering call on line 1 from sip:0312345678@127.0.0.1");
            assertThat(bestShare(phone.heard(), 8000, 1000)).as("the caller's own audio at the staff phone")
                    .isGreaterThan(0.8);
        }
        assertThat(server.metrics().callsActive()).isZero();
    }

    @Test
    void callerOverTlsGetsTheReferOverItsOwnConnection() throws Exception {
        Path staffWav = Files.createTempFile("staff-", ".wav");
        Baresip.writeWav(staffWav, Receptionist.tone(8000, 600, 30_000), 8000);
        Path callerWav = Files.createTempFile("caller-", ".wav");
        Baresip.writeWav(callerWav, Receptionist.tone(8000, 1000, 30_000), 8000);
        try (StaffPhone phone = StaffPhone.start("201", staffWav, "PCMU/8000/1", true, 60)) {
            staffUri = phone.uri();
            int tls = server.tlsPort();
            String caller = Baresip.call("0312345678", "sip:200@127.0.0.1:" + tls + ";transport=tls", callerWav,
                    "PCMU/8000/1", 10, new Baresip.Options(null, null, true));

            ReferResult result = results.poll(30, TimeUnit.SECONDS);
            assertThat(result).as(caller).isEqualTo(new ReferResult.Transferred(200));
            // baresip accepts no TLS connection (it has no certificate): the REFER must take the caller's own
            java.util.regex.Matcher invite = java.util.regex.Pattern.compile(
                    "TLS 127\\.0\\.0\\.1:(\\d+) -> 127\\.0\\.0\\.1:" + tls + "\\R+INVITE ").matcher(caller);
            assertThat(invite.find()).as(caller).isTrue();
            assertThat(caller).contains("TLS 127.0.0.1:" + tls + " -> 127.0.0.1:" + invite.group(1) + "\nREFER sip:");
            assertThat(caller).containsPattern("\\RContact: <sip:uketsuke@127\\.0\\.0\\.1:" + tls + ";transport=tls>\\R");
            phone.close();
            assertThat(phone.output()).contains("answering call on line 1 from sip:0312345678@127.0.0.1");
        }
        assertThat(server.metrics().callsActive()).isZero();
    }

    private static double bestShare(short[] samples, int rate, double hz) {
        double best = 0;
        for (int from = 0; from + rate <= samples.length; from += rate / 4) {
            best = Math.max(best, Receptionist.toneShare(samples, from, rate, rate, hz));
        }
        return best;
    }
}
