package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import jp.uketsuke.telephony.peers.FreePorts;
import jp.uketsuke.telephony.peers.LoopbackTrunk;
import jp.uketsuke.telephony.peers.Sipp;
import jp.uketsuke.telephony.peers.SippScenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RFC 4028 session timers against SIPp, with intervals of seconds (the minimum is lowered to 2 s for the test;
 * on the network it is 90 s): an unrefreshed session ends with our BYE and a closed call, a refreshed one stays.
 */
@Timeout(120)
class SessionTimerSippTest {

    private final Receptionist receptionist = new Receptionist();
    private SipServer server;

    @BeforeAll
    static void sippIsInstalled() {
        Sipp.requireInstalled();
    }

    @BeforeEach
    void startServer() throws Exception {
        PeerSettings peers = LoopbackTrunk.peers().withSessionTimers(
                new PeerSettings.SessionTimerPolicy(Duration.ofSeconds(2), Duration.ofMinutes(30)));
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0).withPeers(peers)
                .withRtpPorts(39000, 39999), receptionist);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private Sipp.Result call(String scenario, Map<String, String> placeholders) throws Exception {
        return SippScenario.of(scenario, placeholders).run("127.0.0.1", server.port(), "200",
                "-set", "rtpport", String.valueOf(FreePorts.udpPair()));
    }

    @Test
    void aSessionNobodyRefreshesIsEndedWithByeAndTheCallClosed() throws Exception {
        Sipp.Result result = call("uac_session_expires.xml", Map.of());
        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(result.output()).containsPattern("SESSION-EXPIRES= *6;refresher=uac")
                .containsPattern("REQUIRE= *timer");

        Receptionist.Report report = receptionist.nextReport(Duration.ofSeconds(10));
        assertThat(report).isNotNull();
        assertThat(report.endReason()).isEqualTo("session expired");
        assertThat(report.endedEvents()).isEqualTo(1);
        assertThat(report.recorderClosed()).isTrue();
        assertThat(server.metrics().sessionsExpired()).isEqualTo(1);
        assertThat(server.metrics().callsActive()).isZero();
    }

    @Test
    void aSessionRefreshedWithUpdateStaysUpUntilTheCallerHangsUp() throws Exception {
        Sipp.Result result = call("uac_session_refresh_update.xml", Map.of());
        assertThat(result.succeeded()).as("8 s of refreshes every 2 s, no BYE from us: " + result.output()).isTrue();

        Receptionist.Report report = receptionist.nextReport(Duration.ofSeconds(10));
        assertThat(report).isNotNull();
        assertThat(report.endReason()).isEqualTo("caller hung up");
        assertThat(server.metrics().sessionsExpired()).isZero();
    }

    @Test
    void aCallerWithoutTimerSupportIsRefreshedByUs() throws Exception {
        Sipp.Result result = call("uac_session_server_refreshes.xml", Map.of());
        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(result.output()).containsPattern("SESSION-EXPIRES= *6;refresher=uas")
                .containsPattern("REFRESH= *6;refresher=uas");
        assertThat(result.output()).as("no Require: timer for a caller that does not support it")
                .doesNotContainPattern("REQUIRE= *timer");
        Receptionist.Report report = receptionist.nextReport(Duration.ofSeconds(10));
        assertThat(report.endReason()).isEqualTo("caller hung up");
        assertThat(server.metrics().sessionsExpired()).isZero();
    }

    @Test
    void anIntervalBelowOurMinimumGets422WithMinSe() throws Exception {
        Sipp.Result result = call("uac_expect_status.xml", Map.of("FINAL_STATUS", "422",
                "EXTRA_HEADERS", "Supported: timer\n      Session-Expires: 1"));
        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(result.output()).containsPattern("MIN-SE= *2\\b");
        assertThat(receptionist.incoming.get()).as("refused before the application is asked").isZero();
    }
}
