package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.security.SecureRandom;
import jp.uketsuke.telephony.peers.FreePorts;
import jp.uketsuke.telephony.peers.Sipp;
import jp.uketsuke.telephony.peers.TestCertificates;
import jp.uketsuke.telephony.peers.TlsRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A trunk's own media security meets the application's (the tenant's) per call, and the stricter one applies:
 * SIPp calls from a trunk that requires SRTP and from one that turns it off, to numbers whose application policy
 * is REQUIRED ("secure"), PREFERRED ("200") or OFF ("plain").
 */
@Timeout(180)
class TrunkMediaSecuritySippTest {

    private final Receptionist receptionist = new Receptionist();
    private TestCertificates certificates;
    private SipServer server;

    @BeforeEach
    void startServer() throws Exception {
        Sipp.requireInstalled();
        certificates = TestCertificates.create("EC");
        Trunk strict = new Trunk("strict", "127.0.0.1", 5060, "UDP", null, List.of(AddressRange.parse("127.0.0.1")),
                List.of()).withMediaSecurity(MediaSecurity.REQUIRED);
        Trunk lax = new Trunk("lax", "127.0.0.3", 5060, "UDP", null, List.of(AddressRange.parse("127.0.0.3")),
                List.of()).withMediaSecurity(MediaSecurity.OFF);
        server = new SipServer(SipSettings.defaults().withBindAddress("127.0.0.1").withPort(0)
                .withPeers(PeerSettings.defaults().withTrunks(List.of(strict, lax)))
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
    void aTrunkRequiringSrtpRefusesAPlainOfferWith488ThoughTheTenantOnlyPrefersIt() throws Exception {
        Sipp.Result plain = Sipp.call("uac_avp_refused.xml", server.port(), "200",
                Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair())));
        assertThat(plain.succeeded()).as(plain.output()).isTrue();
        assertThat(receptionist.requests.poll().origin()).isInstanceOf(CallOrigin.FromTrunk.class);
        assertThat(receptionist.nextReport(Duration.ofSeconds(1))).as("the plain call was never answered").isNull();

        // the same trunk over TLS with an SRTP offer gets its call
        try (TlsRelay relay = TlsRelay.to(server.tlsPort(), certificates.certificate())) {
            Sipp.Result srtp = Sipp.call("uac_savp.xml", relay.port(), "200",
                    Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair()), "cryptokey", cryptoKey()),
                    List.of("-t", "t1"));
            assertThat(srtp.succeeded()).as(srtp.output()).isTrue();
        }
        assertThat(receptionist.nextReport(Duration.ofSeconds(10))).as("the SRTP call ran its session").isNotNull();
    }

    @Test
    void aTrunkTurningSrtpOffCannotWeakenTheTenantsPolicy() throws Exception {
        // tenant REQUIRED, trunk OFF: a plain offer is still refused
        Sipp.Result required = Sipp.callFrom("127.0.0.3", "uac_avp_refused.xml", server.port(), "secure",
                Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair())));
        assertThat(required.succeeded()).as(required.output()).isTrue();
        assertThat(receptionist.nextReport(Duration.ofSeconds(1))).isNull();

        // tenant PREFERRED, trunk OFF: a caller insisting on SRTP still gets SRTP, as PREFERRED promises
        Sipp.Result preferred = Sipp.callFrom("127.0.0.3", "uac_savp.xml", server.port(), "200",
                Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair()), "cryptokey", cryptoKey()));
        assertThat(preferred.succeeded()).as(preferred.output()).isTrue();
        assertThat(receptionist.nextReport(Duration.ofSeconds(10))).isNotNull();
    }

    @Test
    void whenBothTurnSrtpOffAnSrtpOnlyOfferGets488() throws Exception {
        Sipp.Result result = Sipp.callFrom("127.0.0.3", "uac_savp_refused.xml", server.port(), "plain",
                Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair()), "cryptokey", cryptoKey()));
        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(receptionist.requests.poll().origin()).isEqualTo(new CallOrigin.FromTrunk(List.of(
                new Trunk("lax", "127.0.0.3", 5060, "UDP", null, List.of(AddressRange.parse("127.0.0.3")), List.of())
                        .withMediaSecurity(MediaSecurity.OFF))));
    }

    private static String cryptoKey() {
        byte[] key = new byte[30];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
