package jp.uketsuke.telephony.internal.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import javax.sip.SipFactory;
import javax.sip.message.Request;
import jp.uketsuke.telephony.PeerSettings.SessionTimerPolicy;
import org.junit.jupiter.api.Test;

/** RFC 4028 section 9 from the answering side, on INVITEs as a peer writes them. */
class SessionTimerTest {

    private static final SessionTimerPolicy POLICY = new SessionTimerPolicy(Duration.ofSeconds(90),
            Duration.ofMinutes(30));

    private static Request invite(String extraHeaders) throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        return factory.createMessageFactory().createRequest("INVITE sip:0500000000@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bKst1\r\n"
                + "From: <sip:0312345678@127.0.0.1>;tag=a\r\n"
                + "To: <sip:0500000000@127.0.0.1>\r\n"
                + "Call-ID: st1\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Max-Forwards: 70\r\n"
                + extraHeaders
                + "Content-Length: 0\r\n\r\n");
    }

    @Test
    void callerWithoutTimerSupportAndNoRequestGetsNoTimer() throws Exception {
        assertThat(SessionTimer.negotiate(invite(""), POLICY)).isInstanceOf(SessionTimer.None.class);
    }

    @Test
    void callerSupportingTimersButNamingNoneIsGivenOursAndRefreshes() throws Exception {
        var agreed = (SessionTimer.Agreed) SessionTimer.negotiate(invite("Supported: timer, replaces\r\n"), POLICY);
        assertThat(agreed.seconds()).isEqualTo(1800);
        assertThat(agreed.refresher()).isEqualTo(SessionTimer.Refresher.UAC);
        assertThat(agreed.headerValue()).isEqualTo("1800;refresher=uac");
    }

    @Test
    void intervalBelowOurMinimumGets422WithTheLargerMinimum() throws Exception {
        var small = SessionTimer.negotiate(invite("Supported: timer\r\nSession-Expires: 30\r\n"), POLICY);
        assertThat(small).isEqualTo(new SessionTimer.TooSmall(90));
        var callers = SessionTimer.negotiate(invite("Supported: timer\r\nSession-Expires: 30\r\nMin-SE: 120\r\n"), POLICY);
        assertThat(callers).isEqualTo(new SessionTimer.TooSmall(120));
    }

    @Test
    void aProxyInsertedTimerForACallerWithoutSupportIsRaisedAndRefreshedByUs() throws Exception {
        var agreed = (SessionTimer.Agreed) SessionTimer.negotiate(invite("Session-Expires: 30\r\n"), POLICY);
        assertThat(agreed.seconds()).isEqualTo(90);
        assertThat(agreed.refresher()).isEqualTo(SessionTimer.Refresher.UAS);
        assertThat(agreed.callerSupportsTimer()).isFalse();
    }

    @Test
    void theCallersChoiceOfRefresherIsKeptAndLongIntervalsShortened() throws Exception {
        var uas = (SessionTimer.Agreed) SessionTimer.negotiate(
                invite("Supported: timer\r\nSession-Expires: 600;refresher=uas\r\n"), POLICY);
        assertThat(uas.refresher()).isEqualTo(SessionTimer.Refresher.UAS);
        assertThat(uas.seconds()).isEqualTo(600);
        var compact = (SessionTimer.Agreed) SessionTimer.negotiate(invite("k: timer\r\nx: 86400;refresher=uac\r\n"), POLICY);
        assertThat(compact.refresher()).isEqualTo(SessionTimer.Refresher.UAC);
        assertThat(compact.seconds()).isEqualTo(1800);
    }

    @Test
    void theSideThatDoesNotRefreshHangsUpBeforeExpiry() {
        var agreed = new SessionTimer.Agreed(1800, SessionTimer.Refresher.UAC, true);
        assertThat(agreed.byeAfter()).isEqualTo(Duration.ofSeconds(1800 - 32));
        assertThat(new SessionTimer.Agreed(90, SessionTimer.Refresher.UAC, true).byeAfter())
                .isEqualTo(Duration.ofSeconds(60));
        assertThat(agreed.refreshAfter()).isEqualTo(Duration.ofSeconds(900));
    }

    @Test
    void allowListingUpdateIsRecognised() throws Exception {
        assertThat(SessionTimer.allowsUpdate(invite("Allow: INVITE, ACK, BYE, CANCEL, UPDATE\r\n"))).isTrue();
        assertThat(SessionTimer.allowsUpdate(invite("Allow: INVITE, ACK, BYE\r\n"))).isFalse();
    }
}
