package jp.uketsuke.switchboard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.uketsuke.telephony.AddressRange;
import jp.uketsuke.telephony.MediaSecurity;
import jp.uketsuke.telephony.NumberRange;
import jp.uketsuke.telephony.PeerSettings;
import jp.uketsuke.telephony.TlsTrust;
import jp.uketsuke.telephony.Trunk;
import jp.uketsuke.telephony.peers.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trunk configuration as an operator writes it, and the errors a mistake in it gets. */
class SipPeerPropertiesTest {

    private static SipPeerProperties.TrunkEntry entry(String address, List<String> sources, List<String> numbers) {
        return new SipPeerProperties.TrunkEntry(address, null, null, null, sources, numbers, null, null);
    }

    private static PeerSettings settings(Map<String, SipPeerProperties.TrunkEntry> trunks) {
        return new SipPeerProperties(trunks, null, null).toSettings(List.of());
    }

    @Test
    void aTrunkIsReadWithItsSourcesNumbersAndCredentials() throws Exception {
        var carrier = new SipPeerProperties.TrunkEntry("sip.carrier.example:5080", "tcp", "uketsuke", "s3cret",
                List.of("198.51.100.0/28", "2001:db8::/32"), List.of("+81-3-1234-5678", "0312345600-0312345699"),
                null, null);
        Trunk trunk = settings(Map.of("carrier-a", carrier)).trunks().getFirst();
        assertThat(trunk.name()).isEqualTo("carrier-a");
        assertThat(trunk.host()).isEqualTo("sip.carrier.example");
        assertThat(trunk.port()).isEqualTo(5080);
        assertThat(trunk.transport()).isEqualTo("TCP");
        assertThat(trunk.credentials().username()).isEqualTo("uketsuke");
        assertThat(trunk.sources()).containsExactly(AddressRange.parse("198.51.100.0/28"),
                AddressRange.parse("2001:db8::/32"));
        assertThat(trunk.numbers()).containsExactly(NumberRange.single("0312345678"),
                new NumberRange("0312345600", "0312345699"));
        assertThat(trunk.delivers("0312345650")).isTrue();
        assertThat(trunk.toString()).doesNotContain("s3cret");
    }

    @Test
    void aTrunkAtAnAddressSendsFromThatAddressUnlessToldOtherwise() throws Exception {
        Trunk trunk = settings(Map.of("pbx", entry("192.0.2.20", null, List.of("0500000001")))).trunks().getFirst();
        assertThat(trunk.port()).isEqualTo(5060);
        assertThat(trunk.sendsFrom(InetAddress.getByName("192.0.2.20"))).isTrue();
        assertThat(trunk.sendsFrom(InetAddress.getByName("192.0.2.21"))).isFalse();
        Trunk tls = new SipPeerProperties(Map.of("v6", new SipPeerProperties.TrunkEntry("[2001:db8::7]", "TLS", null,
                null, null, null, null, null)), null, null).toSettings(List.of()).trunks().getFirst();
        assertThat(tls.host()).isEqualTo("2001:db8::7");
        assertThat(tls.port()).isEqualTo(5061);
    }

    @Test
    void registrarAndSessionTimerSettingsAreRead() {
        PeerSettings peers = new SipPeerProperties(null,
                new SipPeerProperties.RegistrarEntry("pbx.example", List.of("md5"), Duration.ofSeconds(120),
                        Duration.ofMinutes(30), 50, null),
                new SipPeerProperties.SessionTimerEntry(Duration.ofSeconds(120), Duration.ofMinutes(10)))
                .toSettings(List.of());
        assertThat(peers.trunks()).isEmpty();
        assertThat(peers.registrar().realm()).isEqualTo("pbx.example");
        assertThat(peers.registrar().digestAlgorithms()).containsExactly("MD5");
        assertThat(peers.registrar().minExpires()).isEqualTo(Duration.ofSeconds(120));
        assertThat(peers.registrar().maxExpires()).isEqualTo(Duration.ofMinutes(30));
        assertThat(peers.registrar().sourceFailureLimit()).isEqualTo(50);
        assertThat(peers.registrar().phoneFailureLimit()).isEqualTo(20);
        assertThat(peers.sessionTimers().minimum()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void mistakesAreNamedWithTheirProperty() {
        record Case(Map<String, SipPeerProperties.TrunkEntry> trunks, String message) {
        }
        for (Case c : List.of(
                new Case(Map.of("a", entry("192.0.2.1", List.of("10.0.0.0/33"), List.of())),
                        "uketsuke.sip.trunks.a.sources: \"10.0.0.0/33\": prefix length /33 is over 32"),
                new Case(Map.of("a", entry("192.0.2.1", List.of("10.1.2.3/8"), List.of())),
                        "uketsuke.sip.trunks.a.sources: \"10.1.2.3/8\" has host bits set; did you mean 10.0.0.0/8?"),
                new Case(Map.of("a", entry("192.0.2.1", List.of("carrier.example"), List.of())),
                        "host names are not allowed"),
                new Case(Map.of("a", entry("192.0.2.1", null, List.of("0500000099-0500000000"))),
                        "uketsuke.sip.trunks.a.numbers: \"0500000099-0500000000\": the first number is above the last"),
                new Case(Map.of("a", entry("192.0.2.1", null, List.of("0500000000-03123456789"))),
                        "uketsuke.sip.trunks.a.numbers: \"0500000000-03123456789\": both ends of a range"),
                new Case(Map.of("a", entry("192.0.2.1", null, List.of("reception"))),
                        "uketsuke.sip.trunks.a.numbers: \"reception\" is neither a phone number nor a range"),
                new Case(Map.of("a", entry(null, null, List.of())), "uketsuke.sip.trunks.a.address is missing"),
                new Case(Map.of("a", entry("192.0.2.1:99999", null, List.of())), "port \"99999\" is not 1-65535"),
                new Case(Map.of("a", entry("carrier.example", null, List.of("0500000000"))),
                        "uketsuke.sip.trunks.a.sources is needed"),
                new Case(Map.of("Bad Name", entry("192.0.2.1", null, List.of())), "trunk name"),
                new Case(Map.of("a", new SipPeerProperties.TrunkEntry("192.0.2.1", "SCTP", null, null, null, null, null, null)),
                        "transport must be UDP, TCP or TLS"),
                new Case(Map.of("a", new SipPeerProperties.TrunkEntry("192.0.2.1", null, "user", null, null, null, null, null)),
                        "username and uketsuke.sip.trunks.a.password go together"))) {
            assertThatThrownBy(() -> settings(c.trunks())).as(c.message())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(c.message());
        }
        assertThatThrownBy(() -> new SipPeerProperties(null, new SipPeerProperties.RegistrarEntry(null,
                List.of("SHA-512"), null, null, null, null), null).toSettings(List.of()))
                .hasMessageStartingWith("uketsuke.sip.registrar: digest algorithms are SHA-256 and/or MD5");
        assertThatThrownBy(() -> new SipPeerProperties(null, null, new SipPeerProperties.SessionTimerEntry(
                Duration.ofMinutes(10), Duration.ofMinutes(5))).toSettings(List.of()))
                .hasMessageStartingWith("uketsuke.sip.session-timers:");
    }

    private static SipPeerProperties.TrunkEntry secured(String transport, String mediaSecurity, String tlsTrust) {
        return new SipPeerProperties.TrunkEntry("127.0.0.1", transport, null, null, null, List.of("0500000001"),
                mediaSecurity, tlsTrust);
    }

    @Test
    void aTrunkMayAskForMediaSecurityOrLeaveItToTheTenant() {
        assertThat(settings(Map.of("a", secured(null, " required ", null))).trunks().getFirst().mediaSecurity())
                .isEqualTo(MediaSecurity.REQUIRED);
        assertThat(settings(Map.of("a", secured(null, "off", null))).trunks().getFirst().mediaSecurity())
                .isEqualTo(MediaSecurity.OFF);
        assertThat(settings(Map.of("a", secured(null, null, null))).trunks().getFirst().mediaSecurity()).isNull();
        assertThat(settings(Map.of("a", secured(null, " ", null))).trunks().getFirst().mediaSecurity()).isNull();
    }

    @Test
    void aBadMediaSecurityOrTrustFileIsAStartUpErrorNamingTheKey(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> settings(Map.of("carrier-a", secured(null, "ALWAYS", null))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("uketsuke.sip.trunks.carrier-a.media-security must be REQUIRED, PREFERRED "
                        + "or OFF")
                .hasMessageContaining("\"ALWAYS\"");
        assertThatThrownBy(() -> settings(Map.of("carrier-a", secured("TLS", null, dir.resolve("none.pem").toString()))))
                .hasMessageStartingWith("uketsuke.sip.trunks.carrier-a.tls-trust: the CA certificate file")
                .hasMessageContaining("missing");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n"
                + "-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> settings(Map.of("carrier-a", secured("TLS", null, garbage.toString()))))
                .hasMessageStartingWith("uketsuke.sip.trunks.carrier-a.tls-trust:");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        assertThatThrownBy(() -> settings(Map.of("carrier-a", secured("TLS", null, empty.toString()))))
                .hasMessageStartingWith("uketsuke.sip.trunks.carrier-a.tls-trust:");
        assertThatThrownBy(() -> settings(Map.of("carrier-a", secured("UDP", null, garbage.toString()))))
                .hasMessage("uketsuke.sip.trunks.carrier-a.tls-trust is only for a trunk with transport TLS");
    }

    @Test
    void aTrustFileOfCaCertificatesIsRead() throws Exception {
        TestCertificates ca = TestCertificates.create("EC");
        Trunk trunk = settings(Map.of("carrier-a", secured("TLS", null, ca.certificate().toString())))
                .trunks().getFirst();
        assertThat(trunk.tlsTrust().toString()).contains("1 CA certificate");
        assertThat(settings(Map.of("b", secured("TLS", null, null))).trunks().getFirst().tlsTrust())
                .isSameAs(TlsTrust.jdkDefault());
    }

    @Test
    void aConfiguredTrunkMayNotTakeTheNameOfAContributedOne() {
        Trunk demo = new Trunk("demo-loopback", "127.0.0.1", 5060, "UDP", null, List.of(), List.of());
        assertThatThrownBy(() -> new SipPeerProperties(Map.of("demo-loopback", entry("192.0.2.1", null, List.of())),
                null, null).toSettings(List.of(demo))).hasMessageContaining("two trunks have the same name");
    }
}
