package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.uketsuke.telephony.peers.FreePorts;
import jp.uketsuke.telephony.peers.LoopbackTrunk;
import jp.uketsuke.telephony.peers.Sipp;
import jp.uketsuke.telephony.peers.SippPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Outbound legs placed by a real {@link SipServer} to SIPp playing the staff phone or the trunk. */
@Timeout(120)
class OutboundLegSippTest {

    private static final CallerId TENANT = new CallerId("Demo Company", "0501234567");
    private static final Duration RING = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private SipServer server;

    @BeforeAll
    static void sippIsInstalled() {
        Sipp.requireInstalled();
    }

    @BeforeEach
    void startServer() throws Exception {
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0)
                .withPeers(LoopbackTrunk.peers()).withRtpPorts(37000, 37999), request -> Admission.reject(404, "Not Found"));
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static Destination.Contact staff(SippPeer peer) {
        return new Destination.Contact("sip:staff@127.0.0.1:" + peer.port());
    }

    @Test
    void answeredLegCarriesTheCalleesAudioAndIsEndedWithOurBye() throws Exception {
        java.util.concurrent.BlockingQueue<StreamQuality> streams = new java.util.concurrent.LinkedBlockingQueue<>();
        server.onStreamEnded(streams::add);
        try (SippPeer peer = SippPeer.callee("uas_answer.xml", Map.of(), 30)) {
            DialOutcome outcome = server.dial(staff(peer), TENANT, RING).await(WAIT);

            assertThat(outcome).as(peer.output()).isInstanceOf(DialOutcome.Answered.class);
            Call leg = ((DialOutcome.Answered) outcome).call();
            assertThat(leg.codec()).as("the answer's codec").isEqualTo("PCMA");
            assertThat(leg.request().callerNumber()).isEqualTo("0501234567");
            double loudest = 0;
            int frames = 0;
            for (int i = 0; i < 200; i++) {
                if (leg.next(Duration.ofMillis(100)) instanceof MediaEvent.Audio audio) {
                    frames++;
                    loudest = Math.max(loudest, Receptionist.rms(audio.samples()));
                }
            }
            assertThat(frames).isGreaterThan(100);
            assertThat(loudest).as("speech from SIPp's pcap, decoded").isGreaterThan(500);
            OutboundLegMetrics during = server.metrics().outboundLegs();
            assertThat(during.started()).isEqualTo(1);
            assertThat(during.active()).isEqualTo(1);
            assertThat(during.settled(LegOutcome.ANSWERED)).isEqualTo(1);
            assertThat(during.rtpPacketsIn()).isGreaterThan(100);
            assertThat(server.metrics().rtpPacketsIn()).as("legs' RTP is in the totals too")
                    .isGreaterThanOrEqualTo(during.rtpPacketsIn());

            leg.hangup();
            assertThat(peer.await(30).succeeded()).as(peer.output()).isTrue();
        }
        assertThat(server.metrics().callsActive()).isZero();
        StreamQuality quality = streams.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(quality).as("the leg's stream reported as it ended").isNotNull();
        assertThat(quality.outboundLeg()).isTrue();
        assertThat(quality.jitterMeasured()).isTrue();
        assertThat(quality.jitterSeconds()).isGreaterThanOrEqualTo(0).isLessThan(1);
        OutboundLegMetrics after = server.metrics().outboundLegs();
        assertThat(after.active()).isZero();
        assertThat(after.rtpPacketsExpected()).isGreaterThan(100);
        assertThat(after.rtpPacketsOut()).as("our audio to the callee").isGreaterThan(0);
        assertThat(server.metrics().callsTotal()).as("a leg is not an inbound call").isZero();
    }

    @Test
    void contactAskingForTcpIsCalledOverTcp() throws Exception {
        try (SippPeer peer = SippPeer.calleeOverTcp("uas_answer.xml", Map.of(), 30)) {
            DialOutcome outcome = server.dial(new Destination.Contact("sip:staff@127.0.0.1:" + peer.port()
                    + ";transport=tcp"), TENANT, RING).await(WAIT);
            assertThat(outcome).as(peer.output()).isInstanceOf(DialOutcome.Answered.class);
            Call leg = ((DialOutcome.Answered) outcome).call();
            assertThat(leg.request().transport()).isEqualTo("TCP");
            leg.hangup();
            assertThat(peer.await(30).succeeded()).as("SIPp got our BYE over TCP\n%s", peer.output()).isTrue();
        }
    }

    @Test
    void calleeHangingUpEndsTheLeg() throws Exception {
        try (SippPeer peer = SippPeer.callee("uas_answer_hangs_up.xml", Map.of(), 30)) {
            Call leg = ((DialOutcome.Answered) server.dial(staff(peer), TENANT, RING).await(WAIT)).call();
            MediaEvent.Ended ended = null;
            for (int i = 0; i < 300 && ended == null; i++) {
                if (leg.next(Duration.ofMillis(100)) instanceof MediaEvent.Ended e) {
                    ended = e;
                }
            }
            assertThat(ended).isNotNull();
            assertThat(ended.reason()).isEqualTo("callee hung up");
            assertThat(leg.isActive()).isFalse();
            assertThat(peer.await(30).succeeded()).as(peer.output()).isTrue();
        }
    }

    @Test
    void busyStaffIsReportedWithTheirStatus() throws Exception {
        try (SippPeer peer = SippPeer.callee("uas_busy.xml", Map.of(), 30)) {
            DialOutcome outcome = server.dial(staff(peer), TENANT, RING).await(WAIT);
            assertThat(outcome).isEqualTo(new DialOutcome.Rejected(486, "Busy Here"));
            assertThat(peer.await(30).succeeded()).as("SIPp got its ACK\n%s", peer.output()).isTrue();
            assertThat(server.metrics().outboundLegs().settled(LegOutcome.REJECTED_4XX)).isEqualTo(1);
            assertThat(server.metrics().outboundLegs().active()).isZero();
        }
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        try (SippPeer peer = SippPeer.callee("uas_redirect.xml", Map.of(), 30)) {
            DialOutcome outcome = server.dial(staff(peer), TENANT, RING).await(WAIT);
            assertThat(outcome).isInstanceOf(DialOutcome.Rejected.class);
            assertThat(((DialOutcome.Rejected) outcome).status()).isEqualTo(302);
            assertThat(peer.await(30).succeeded()).as(peer.output()).isTrue();
            assertThat(server.metrics().outboundLegs().settled(LegOutcome.REJECTED_3XX)).isEqualTo(1);
        }
    }

    @Test
    void legNobodyAnswersIsCancelledAtTheRingTimeout() throws Exception {
        try (SippPeer peer = SippPeer.callee("uas_no_answer.xml", Map.of(), 30)) {
            DialOutcome outcome = server.dial(staff(peer), TENANT, Duration.ofSeconds(2)).await(WAIT);
            assertThat(outcome).isInstanceOf(DialOutcome.NoAnswer.class);
            assertThat(peer.await(30).succeeded()).as("SIPp got CANCEL and the ACK of its 487\n%s", peer.output())
                    .isTrue();
            assertThat(server.metrics().outboundLegs().settled(LegOutcome.NO_ANSWER)).isEqualTo(1);
            assertThat(server.metrics().outboundLegs().settled(LegOutcome.REJECTED_4XX))
                    .as("the 487 after our CANCEL settles nothing more").isZero();
        }
    }

    @Test
    void applicationCancellingARingingLegSendsCancel() throws Exception {
        try (SippPeer peer = SippPeer.callee("uas_no_answer.xml", Map.of(), 30)) {
            OutboundLeg leg = server.dial(staff(peer), TENANT, Duration.ofSeconds(60));
            assertThat(leg.await(Duration.ofMillis(500))).as("still ringing").isNull();
            leg.cancel();
            assertThat(leg.await(WAIT)).isInstanceOf(DialOutcome.Cancelled.class);
            assertThat(peer.await(30).succeeded()).as(peer.output()).isTrue();
            assertThat(server.metrics().outboundLegs().settled(LegOutcome.CANCELLED)).isEqualTo(1);
        }
    }

    @Test
    void trunkChallengeIsAnsweredAndSippVerifiesTheDigest() throws Exception {
        try (SippPeer peer = SippPeer.callee("uas_digest.xml", Map.of("user", "uketsuke", "password", "s3cret-Pa55"),
                30)) {
            Destination trunk = new Destination.ViaTrunk("0312345678", "127.0.0.1", peer.port(), "UDP", "uketsuke",
                    "s3cret-Pa55");
            DialOutcome outcome = server.dial(trunk, TENANT, RING).await(WAIT);

            assertThat(outcome).as(peer.output()).isInstanceOf(DialOutcome.Answered.class);
            Call leg = ((DialOutcome.Answered) outcome).call();
            assertThat(leg.codec()).isEqualTo("PCMU");
            leg.hangup();
            assertThat(peer.await(30).succeeded()).as(peer.output()).isTrue();
        }
    }

    @Test
    void aTrunkThatRequiresSrtpIsNotDialledOverClearSignallingWhateverTheCallsPolicy() throws Exception {
        try (SippPeer peer = SippPeer.callee("uas_digest.xml", Map.of("user", "uketsuke", "password", "s3cret-Pa55"),
                30)) {
            Destination trunk = new Destination.ViaTrunk("0312345678", "127.0.0.1", peer.port(), "UDP", "uketsuke",
                    "s3cret-Pa55", MediaSecurity.REQUIRED);
            // SipServer.dial places the leg as PREFERRED; the trunk's REQUIRED is the stricter and wins
            DialOutcome outcome = server.dial(trunk, TENANT, RING).await(WAIT);
            assertThat(outcome).isInstanceOf(DialOutcome.Failed.class);
            assertThat(((DialOutcome.Failed) outcome).reason()).contains("not reached over TLS");
        }
    }

    @Test
    void wrongTrunkPasswordEndsWithTheSecondChallengeInsteadOfRetryingForever() throws Exception {
        try (SippPeer peer = SippPeer.callee("uas_digest.xml", Map.of("user", "uketsuke", "password", "right"), 30)) {
            Destination trunk = new Destination.ViaTrunk("0312345678", "127.0.0.1", peer.port(), "UDP", "uketsuke",
                    "wrong");
            DialOutcome outcome = server.dial(trunk, TENANT, RING).await(WAIT);
            assertThat(outcome).isInstanceOf(DialOutcome.Rejected.class);
            assertThat(((DialOutcome.Rejected) outcome).status()).isEqualTo(401);
            assertThat(peer.await(30).succeeded()).as(peer.output()).isTrue();
        }
    }

    @Test
    void strongestOfferedAlgorithmIsUsedAndTheTenantsCallerIdIsAsserted() throws Exception {
        try (SippPeer peer = SippPeer.callee("uas_digest_capture.xml", Map.of(), 30)) {
            Destination trunk = new Destination.ViaTrunk("0312345678", "127.0.0.1", peer.port(), "UDP", "uketsuke",
                    "s3cret-Pa55");
            DialOutcome outcome = server.dial(trunk, TENANT, RING).await(WAIT);
            assertThat(outcome).isEqualTo(new DialOutcome.Rejected(403, "Forbidden"));
            assertThat(peer.await(30).succeeded()).as(peer.output()).isTrue();

            Map<String, String> logged = new HashMap<>();
            for (String line : peer.logged()) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    logged.put(line.substring(0, space), line.substring(space + 1).strip());
                }
            }
            String uri = logged.get("URI");
            assertThat(uri).isEqualTo("sip:0312345678@127.0.0.1:" + peer.port());
            assertThat(logged.get("PAI")).contains("Demo Company").contains("<sip:0501234567@127.0.0.1>");
            assertThat(logged.get("FROM")).contains("\"Demo Company\"").contains("sip:0501234567@");

            Map<String, String> auth = digestParameters(logged.get("AUTH"));
            assertThat(auth.get("nonce")).as("the SHA-256 challenge's nonce").startsWith("sha256nonce");
            assertThat(auth).containsEntry("algorithm", "SHA-256")
                    .containsEntry("opaque", "op4que").containsEntry("qop", "auth").containsEntry("username", "uketsuke")
                    .containsEntry("uri", uri).containsEntry("nc", "00000001");
            // recomputed here from RFC 7616 section 3.4.1, independently of the code under test
            String ha1 = sha256("uketsuke:trunk.example:s3cret-Pa55");
            String ha2 = sha256("INVITE:" + uri);
            assertThat(auth.get("response")).isEqualTo(sha256(ha1 + ":" + auth.get("nonce") + ":00000001:"
                    + auth.get("cnonce") + ":auth:" + ha2));
        }
    }

    @Test
    void answerWithoutSdpIsAcknowledgedAndHungUp() throws Exception {
        assertUnusableAnswerIsHungUp("uas_answer_without_sdp.xml");
    }

    @Test
    void answerWithACodecWeDidNotOfferIsAcknowledgedAndHungUp() throws Exception {
        assertUnusableAnswerIsHungUp("uas_answer_foreign_codec.xml");
    }

    @Test
    void answerWithGarbageSdpIsAcknowledgedAndHungUp() throws Exception {
        assertUnusableAnswerIsHungUp("uas_answer_garbage_sdp.xml");
    }

    private void assertUnusableAnswerIsHungUp(String scenario) throws Exception {
        try (SippPeer peer = SippPeer.callee(scenario, Map.of(), 30)) {
            DialOutcome outcome = server.dial(staff(peer), TENANT, RING).await(WAIT);
            assertThat(outcome).isEqualTo(new DialOutcome.Failed("answer without usable media"));
            assertThat(peer.await(30).succeeded()).as("SIPp got ACK and BYE\n%s", peer.output()).isTrue();
        }
        assertThat(server.metrics().callsActive()).isZero();
        OutboundLegMetrics legs = server.metrics().outboundLegs();
        assertThat(legs.settled(LegOutcome.FAILED)).isEqualTo(1);
        assertThat(legs.settled(LegOutcome.ANSWERED)).isZero();
        assertThat(legs.active()).isZero();
    }

    @Test
    void legToWhereNobodyListensEndsAtTheRingTimeout() throws Exception {
        DialOutcome outcome = server.dial(new Destination.Contact("sip:staff@127.0.0.1:" + FreePorts.udpPair()),
                TENANT, Duration.ofSeconds(1)).await(WAIT);
        assertThat(outcome).isInstanceOf(DialOutcome.NoAnswer.class);
    }

    @Test
    void destinationsTheServerCannotReachFailAtOnce() throws Exception {
        assertThat(server.dial(new Destination.Contact("sips:staff@127.0.0.1:5061"), TENANT, RING).await(WAIT))
                .isInstanceOf(DialOutcome.Failed.class);
        assertThat(server.dial(new Destination.Contact("sip:staff@127.0.0.1;transport=sctp"), TENANT, RING).await(WAIT))
                .isInstanceOf(DialOutcome.Failed.class);
    }

    private static Map<String, String> digestParameters(String header) {
        assertThat(header).startsWith("Digest ");
        Map<String, String> parameters = new HashMap<>();
        Matcher m = Pattern.compile("([a-z]+)=(?:\"([^\"]*)\"|([^,\\s]+))").matcher(header.substring(7));
        while (m.find()) {
            parameters.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
        }
        return parameters;
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
