package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressRangeTest {

    @Test
    void cidrBlocksContainTheirAddressesOnly() throws Exception {
        AddressRange block = AddressRange.parse("203.0.113.0/24");
        assertThat(block.contains(InetAddress.getByName("203.0.113.0"))).isTrue();
        assertThat(block.contains(InetAddress.getByName("203.0.113.255"))).isTrue();
        assertThat(block.contains(InetAddress.getByName("203.0.114.1"))).isFalse();
        assertThat(block.contains(InetAddress.getByName("::1"))).as("IPv6 never lies in an IPv4 block").isFalse();
        assertThat(AddressRange.parse("0.0.0.0/0").contains(InetAddress.getByName("198.51.100.7"))).isTrue();
    }

    @Test
    void aSingleAddressIsABlockOfOne() throws Exception {
        AddressRange one = AddressRange.parse(" 192.0.2.10 ");
        assertThat(one.prefixLength()).isEqualTo(32);
        assertThat(one.contains(InetAddress.getByName("192.0.2.10"))).isTrue();
        assertThat(one.contains(InetAddress.getByName("192.0.2.11"))).isFalse();
    }

    @Test
    void ipv6BlocksWork() throws Exception {
        AddressRange block = AddressRange.parse("2001:db8::/32");
        assertThat(block.contains(InetAddress.getByName("2001:db8:1::5"))).isTrue();
        assertThat(block.contains(InetAddress.getByName("2001:db9::1"))).isFalse();
        assertThat(AddressRange.parse("::1").contains(InetAddress.getByName("::1"))).isTrue();
    }

    @Test
    void badRangesAreRefusedWithAMessageNamingTheProblem() {
        for (var bad : List.of(
                List.of("10.0.0.0/33", "over 32"),
                List.of("10.0.0.300", "not an octet"),
                List.of("10.0.0.1/8", "host bits set"),
                List.of("carrier.example.com", "host names are not allowed"),
                List.of("10.0.0.0/abc", "must be a number"),
                List.of("2001:db8::zz", "not an IP address"),
                List.of("2001:db8:::1:::2", "not a valid IPv6 address"),
                List.of("", "empty"))) {
            assertThatThrownBy(() -> AddressRange.parse(bad.get(0))).as(bad.get(0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad.get(1));
        }
    }

    @Test
    void numberRangesCompareNumbersOfTheSameLength() {
        NumberRange range = new NumberRange("0500000000", "0500000099");
        assertThat(range.contains("0500000000")).isTrue();
        assertThat(range.contains("0500000099")).isTrue();
        assertThat(range.contains("0500000100")).isFalse();
        assertThat(range.contains("05000000")).isFalse();
        assertThat(range.contains("050000000a")).isFalse();
        assertThat(range.contains(null)).isFalse();
        assertThatThrownBy(() -> new NumberRange("0500000099", "0500000000")).hasMessageContaining("above the last");
        assertThatThrownBy(() -> new NumberRange("050000", "0500000099")).hasMessageContaining("as many digits");
        assertThatThrownBy(() -> new NumberRange("05O0", "0500")).hasMessageContaining("digits");
    }

    @Test
    void aTrunkSaysWhereItSendsFromAndWhatItDelivers() throws Exception {
        Trunk trunk = new Trunk("carrier-a", "sip.carrier.example", 5060, "udp", new Trunk.Credentials("u", "secret"),
                List.of(AddressRange.parse("198.51.100.0/28")), List.of(NumberRange.single("0312345678")));
        assertThat(trunk.transport()).isEqualTo("UDP");
        assertThat(trunk.sendsFrom(InetAddress.getByName("198.51.100.3"))).isTrue();
        assertThat(trunk.sendsFrom(InetAddress.getByName("198.51.100.16"))).isFalse();
        assertThat(trunk.delivers("0312345678")).isTrue();
        assertThat(trunk.delivers("0312345679")).isFalse();
        assertThat(trunk.toString()).doesNotContain("secret");
        assertThatThrownBy(() -> new Trunk("Carrier A", "h", 5060, "UDP", null, List.of(), List.of()))
                .hasMessageContaining("trunk name");
        assertThatThrownBy(() -> new Trunk("a", "h", 5060, "SCTP", null, List.of(), List.of()))
                .hasMessageContaining("UDP, TCP or TLS");
        assertThatThrownBy(() -> new Trunk("a", "h", 0, "UDP", null, List.of(), List.of()))
                .hasMessageContaining("port");
    }
}
