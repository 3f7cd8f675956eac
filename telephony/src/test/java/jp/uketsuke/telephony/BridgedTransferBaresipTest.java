package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jp.uketsuke.telephony.peers.Baresip;
import jp.uketsuke.telephony.peers.LoopbackTrunk;
import jp.uketsuke.telephony.peers.RtpPeer;
import jp.uketsuke.telephony.peers.Sipp;
import jp.uketsuke.telephony.peers.SippPeer;
import jp.uketsuke.telephony.peers.StaffPhone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bridged transfer with real peers: SIPp calls in (G.711, its media a tone from the test), the session rings a
 * baresip "staff phone" (G.722, speaking another tone) with ringback meanwhile, and bridges the two; when nobody
 * answers, the bot takes the caller back.
 */
@Timeout(180)
class BridgedTransferBaresipTest {

    private static final CallerId TENANT = new CallerId("Demo Company", "0501234567");
    private static final double CALLER_HZ = 1000;
    private static final double STAFF_HZ = 600;
    private static final double RESUME_HZ = 880;

    /** What the session saw. */
    private record Report(DialOutcome outcome, short[] callerChannel, short[] otherChannel, String callerEnd,
                          boolean staffLegActiveAfter) {
    }

    private final LinkedBlockingQueue<Report> reports = new LinkedBlockingQueue<>();
    private volatile String staffUri;
    private volatile Duration ringTimeout = Duration.ofSeconds(15);
    private SipServer server;

    @BeforeAll
    static void peersAreInstalled() {
        Sipp.requireInstalled();
        Baresip.requireInstalled();
    }

    @BeforeEach
    void startServer() throws Exception {
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0)
                .withPeers(LoopbackTrunk.peers()).withRtpPorts(39000, 39999), request -> Admission.answer(this::transferToStaff));
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** The application under test in miniature: ringback while the staff phone rings, then bridge or resume. */
    private void transferToStaff(Call call) throws InterruptedException {
        Channels recording = new Channels(call.sampleRate());
        call.record(recording);
        OutboundLeg leg = call.dial(new Destination.Contact(staffUri), TENANT, ringTimeout);
        Playback ringback = null;
        DialOutcome outcome;
        while ((outcome = leg.await(Duration.ofMillis(100))) == null) {
            if (!call.isActive()) {
                leg.cancel();
            } else if (ringback == null || ringback.isDone()) {
                ringback = call.play(Receptionist.tone(call.sampleRate(), 425, 1000));
            }
        }
        Call staff = null;
        if (outcome instanceof DialOutcome.Answered answered) {
            staff = answered.call();
            call.bridge(staff);
        } else if (call.isActive()) {
            call.stopPlayback();
            call.play(Receptionist.tone(call.sampleRate(), RESUME_HZ, 1500)).await();
            call.hangup();
        }
        String end = null;
        while (end == null) {
            if (call.next(Duration.ofSeconds(30)) instanceof MediaEvent.Ended ended) {
                end = ended.reason();
            }
        }
        // the recorder is closed when the call ends; give it no chance to race the report
        reports.add(new Report(outcome, recording.caller(), recording.other(), end, staff != null && staff.isActive()));
    }

    private Report nextReport() throws InterruptedException {
        return reports.poll(60, TimeUnit.SECONDS);
    }

    private static Path toneWav(int rate, double hz) throws Exception {
        Path wav = Files.createTempFile("staff-", ".wav");
        Baresip.writeWav(wav, Receptionist.tone(rate, hz, 30_000), rate);
        return wav;
    }

    @Test
    void answeringStaffIsBridgedBothWaysAcrossCodecsAndTheRecordingHasBothSides() throws Exception {
        try (StaffPhone phone = StaffPhone.start("201", toneWav(16000, STAFF_HZ), "G722/16000/1", true, 60);
             RtpPeer callerMedia = new RtpPeer(CALLER_HZ)) {
            staffUri = phone.uri();
            SippPeer caller = SippPeer.caller("uac_talk_then_bye.xml", server.port(), "200",
                    Sipp.vars("rtpport", String.valueOf(callerMedia.port())), 40);
            assertThat(caller.await(40).succeeded()).as(caller.output()).isTrue();

            Report report = nextReport();
            assertThat(report).isNotNull();
            assertThat(report.outcome()).as(phone.output()).isInstanceOf(DialOutcome.Answered.class);
            assertThat(((DialOutcome.Answered) report.outcome()).call().codec()).isEqualTo("G722");
            assertThat(report.callerEnd()).isEqualTo("caller hung up");
            assertThat(report.staffLegActiveAfter()).as("the staff leg hung up with the caller").isFalse();

            // caller → staff: the caller's PCMU tone, converted to 16 kHz and G.722, heard by baresip
            phone.close();
            short[] staffHeard = phone.heard();
            assertThat(bestShare(staffHeard, 16000, CALLER_HZ)).as("caller's tone at the staff phone\n%s",
                    phone.output()).isGreaterThan(0.8);
            // staff → caller: baresip's G.722 tone, converted to 8 kHz PCMU, heard by the caller
            assertThat(bestShare(callerMedia.heard(), 8000, STAFF_HZ)).as("staff's tone at the caller")
                    .isGreaterThan(0.8);
            // the recording went on: caller on one channel, staff on the other
            assertThat(bestShare(report.callerChannel(), 8000, CALLER_HZ)).isGreaterThan(0.8);
            assertThat(bestShare(report.otherChannel(), 8000, STAFF_HZ)).isGreaterThan(0.8);
        }
        assertThat(server.metrics().callsActive()).isZero();
    }

    @Test
    void staffHangingUpEndsTheCallersLegToo() throws Exception {
        // baresip quits (hanging up) six seconds after it starts
        try (StaffPhone phone = StaffPhone.start("202", toneWav(8000, STAFF_HZ), "PCMU/8000/1", true, 6);
             RtpPeer callerMedia = new RtpPeer(CALLER_HZ)) {
            staffUri = phone.uri();
            SippPeer caller = SippPeer.caller("uac_server_bye.xml", server.port(), "200",
                    Sipp.vars("rtpport", String.valueOf(callerMedia.port())), 40);
            assertThat(caller.await(40).succeeded()).as("the caller got our BYE\n%s", caller.output()).isTrue();

            Report report = nextReport();
            assertThat(report.outcome()).isInstanceOf(DialOutcome.Answered.class);
            assertThat(report.callerEnd()).isEqualTo("bridged party hung up");
            assertThat(bestShare(callerMedia.heard(), 8000, STAFF_HZ)).isGreaterThan(0.8);
        }
    }

    @Test
    void staffNotAnsweringIsCancelledAndTheBotTakesTheCallerBack() throws Exception {
        ringTimeout = Duration.ofSeconds(3);
        try (StaffPhone phone = StaffPhone.start("203", toneWav(8000, STAFF_HZ), "PCMU/8000/1", false, 60);
             RtpPeer callerMedia = new RtpPeer(CALLER_HZ)) {
            staffUri = phone.uri();
            SippPeer caller = SippPeer.caller("uac_server_bye.xml", server.port(), "200",
                    Sipp.vars("rtpport", String.valueOf(callerMedia.port())), 40);
            assertThat(caller.await(40).succeeded()).as(caller.output()).isTrue();

            Report report = nextReport();
            assertThat(report.outcome()).as(phone.output()).isInstanceOf(DialOutcome.NoAnswer.class);
            short[] heard = callerMedia.heard();
            assertThat(bestShare(heard, 8000, 425)).as("ringback while it rang").isGreaterThan(0.8);
            assertThat(bestShare(heard, 8000, RESUME_HZ)).as("the bot speaking again").isGreaterThan(0.8);
            assertThat(bestShare(heard, 8000, STAFF_HZ)).as("nothing from the unanswered phone").isLessThan(0.3);
            phone.close();
            assertCancelledAtThePhone(phone.output());
        }
    }

    @Test
    void callerHangingUpWhileStaffRingsCancelsTheStaffLeg() throws Exception {
        try (StaffPhone phone = StaffPhone.start("204", toneWav(8000, STAFF_HZ), "PCMU/8000/1", false, 60);
             RtpPeer callerMedia = new RtpPeer(CALLER_HZ)) {
            staffUri = phone.uri();
            SippPeer caller = SippPeer.caller("uac_hang_up_soon.xml", server.port(), "200",
                    Sipp.vars("rtpport", String.valueOf(callerMedia.port())), 40);
            assertThat(caller.await(40).succeeded()).as(caller.output()).isTrue();

            Report report = nextReport();
            assertThat(report.outcome()).isInstanceOf(DialOutcome.Cancelled.class);
            assertThat(report.callerEnd()).isEqualTo("caller hung up");
            phone.close();
            assertCancelledAtThePhone(phone.output());
        }
    }

    /** baresip shows the tenant's caller-id, and reports our CANCEL (as a reset session) before we stop it. */
    private static void assertCancelledAtThePhone(String output) {
        assertThat(output).contains("Incoming call from: Demo Company sip:0501234567@127.0.0.1");
        int cancelled = output.indexOf("session closed: Connection reset by peer");
        assertThat(cancelled).as(output).isPositive().isLessThan(output.indexOf("terminated by signal"));
    }

    /** The largest share of {@code hz} in any one-second window (Goertzel). */
    private static double bestShare(short[] samples, int rate, double hz) {
        double best = 0;
        for (int from = 0; from + rate <= samples.length; from += rate / 4) {
            best = Math.max(best, Receptionist.toneShare(samples, from, rate, rate, hz));
        }
        return best;
    }

    /** Keeps both channels of the recording, as a call recorder receives them. */
    private static final class Channels implements CallRecorder {
        private final short[] caller;
        private final short[] other;
        private int length;

        Channels(int sampleRate) {
            caller = new short[sampleRate * 60];
            other = new short[sampleRate * 60];
        }

        @Override
        public synchronized void frame(short[] callerFrame, short[] otherFrame) {
            int room = Math.min(callerFrame.length, caller.length - length);
            System.arraycopy(callerFrame, 0, caller, length, room);
            System.arraycopy(otherFrame, 0, other, length, room);
            length += room;
        }

        @Override
        public void close() {
        }

        synchronized short[] caller() {
            return Arrays.copyOf(caller, length);
        }

        synchronized short[] other() {
            return Arrays.copyOf(other, length);
        }
    }
}
