package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jp.uketsuke.telephony.peers.FreePorts;
import jp.uketsuke.telephony.peers.LoopbackTrunk;
import jp.uketsuke.telephony.peers.Sipp;
import jp.uketsuke.telephony.peers.SippPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Blind transfer (REFER, RFC 3515) of a SIPp caller: the session refers the caller to a staff contact, and goes on
 * speaking when the transfer does not happen.
 */
@Timeout(120)
class BlindTransferSippTest {

    private static final String STAFF = "sip:201@127.0.0.1:5999";

    /** What the session saw after its REFER. */
    private record Seen(ReferResult result, boolean stillActive) {
    }

    private final LinkedBlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private SipServer server;
    private volatile Duration referTimeout = Duration.ofSeconds(10);

    @BeforeAll
    static void sippIsInstalled() {
        Sipp.requireInstalled();
    }

    @BeforeEach
    void startServer() throws Exception {
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0)
                .withPeers(LoopbackTrunk.peers()).withRtpPorts(38000, 38999), request -> Admission.answer(call -> {
                    ReferResult result = call.referTo(new Destination.Contact(STAFF), referTimeout);
                    seen.add(new Seen(result, call.isActive()));
                    if (call.isActive()) {
                        call.play(Receptionist.tone(call.sampleRate(), 440, 500)).await();
                    }
                }));
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private SippPeer caller(String scenario, String finalStatus) throws Exception {
        var variables = Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair()));
        if (finalStatus != null) {
            variables.put("final", finalStatus);
        }
        return SippPeer.caller(scenario, server.port(), "200", variables, 40);
    }

    private Seen nextSeen() throws InterruptedException {
        return seen.poll(30, TimeUnit.SECONDS);
    }

    @Test
    void callerReachingTheTargetEndsOurLeg() throws Exception {
        try (SippPeer caller = caller("uac_refer_notify.xml", "200 OK")) {
            Seen after = nextSeen();
            assertThat(after).isNotNull();
            assertThat(after.result()).isEqualTo(new ReferResult.Transferred(200));
            assertThat(after.stillActive()).as("our leg hung up after the transfer").isFalse();
            assertThat(caller.await(40).succeeded()).as(caller.output()).isTrue();
            assertThat(caller.logged()).as("the Refer-To SIPp got")
                    .anyMatch(line -> line.strip().replaceAll("\\s+", " ").equals("REFER-TO <" + STAFF + ">"));
        }
        assertThat(server.metrics().callsActive()).isZero();
    }

    @Test
    void targetBusyKeepsTheCallWithTheBot() throws Exception {
        try (SippPeer caller = caller("uac_refer_notify.xml", "486 Busy Here")) {
            Seen after = nextSeen();
            assertThat(after.result()).isInstanceOf(ReferResult.NotTransferred.class);
            assertThat(((ReferResult.NotTransferred) after.result()).status()).isEqualTo(486);
            assertThat(after.stillActive()).isTrue();
            assertThat(caller.await(40).succeeded()).as("the bot spoke and hung up\n%s", caller.output()).isTrue();
        }
    }

    @Test
    void referRefusedKeepsTheCallWithTheBot() throws Exception {
        try (SippPeer caller = caller("uac_refer_refused.xml", null)) {
            Seen after = nextSeen();
            assertThat(after.result()).isEqualTo(new ReferResult.NotTransferred(603, "REFER refused"));
            assertThat(after.stillActive()).isTrue();
            assertThat(caller.await(40).succeeded()).as(caller.output()).isTrue();
        }
    }

    @Test
    void unreadableNotifiesAreAnswered400AndTheTransferTimesOut() throws Exception {
        referTimeout = Duration.ofSeconds(3);
        try (SippPeer caller = caller("uac_refer_garbage_notify.xml", null)) {
            Seen after = nextSeen();
            assertThat(after.result()).isInstanceOf(ReferResult.NotTransferred.class);
            assertThat(((ReferResult.NotTransferred) after.result()).status()).isZero();
            assertThat(after.stillActive()).isTrue();
            assertThat(caller.await(40).succeeded()).as("three 400s, then the BYE\n%s", caller.output()).isTrue();
        }
    }

    @Test
    void garbledReferResponseLeavesTheCallWithTheBot() throws Exception {
        referTimeout = Duration.ofSeconds(3);
        try (SippPeer caller = caller("uac_refer_garbled_response.xml", null)) {
            Seen after = nextSeen();
            assertThat(after.result()).isInstanceOf(ReferResult.NotTransferred.class);
            assertThat(after.stillActive()).isTrue();
            assertThat(caller.await(40).succeeded()).as(caller.output()).isTrue();
        }
        assertThat(server.metrics().callsActive()).isZero();
    }
}
