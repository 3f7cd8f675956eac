package jp.uketsuke.switchboard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import jp.uketsuke.telephony.Destination;
import org.junit.jupiter.api.Test;

/** Transfer configuration is checked when the server starts: a bad entry stops it with the property named. */
class TransferPropertiesTest {

    @Test
    void staffPhonesAreKeyedByTheTenantsNormalisedNumber() {
        TransferProperties properties = new TransferProperties(
                Map.of("+81-50-000-0000", Map.of("201", "sip:201@192.0.2.7:5060")), null);
        assertThat(properties.staffPhones()).containsEntry("0500000000", Map.of("201", "sip:201@192.0.2.7:5060"));
        assertThat(properties.trunk()).isNull();
    }

    @Test
    void aStaffPhoneThatIsNoSipUriIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> new TransferProperties(Map.of("0500000000", Map.of("201", "http://192.0.2.7/")), null))
                .hasMessageContaining("uketsuke.transfer.staff-phones.0500000000.201");
        assertThatThrownBy(() -> new TransferProperties(
                Map.of("0500000000", Map.of("201", "sip:201@192.0.2.7\r\nVia: injected")), null))
                .hasMessageContaining("uketsuke.transfer.staff-phones.0500000000.201");
        assertThatThrownBy(() -> new TransferProperties(Map.of("not a number", Map.of("201", "sip:201@h")), null))
                .hasMessageContaining("not a phone number");
    }

    @Test
    void aTrunkIsCheckedAndItsPasswordNeverShown() {
        TransferProperties.Trunk trunk = new TransferProperties.Trunk("sip.carrier.example", null, "tcp", "user", "pw!");
        TransferProperties properties = new TransferProperties(Map.of(), trunk);
        Destination.ViaTrunk route = TransferProperties.route(properties.trunk(), "0312345678");
        assertThat(route.port()).isEqualTo(5060);
        assertThat(route.transport()).isEqualTo("TCP");
        assertThat(properties.toString()).doesNotContain("pw!");

        assertThatThrownBy(() -> new TransferProperties(Map.of(),
                new TransferProperties.Trunk("sip.carrier.example", 5060, "carrier-pigeon", null, null)))
                .hasMessageContaining("uketsuke.transfer.trunk");
        assertThatThrownBy(() -> new TransferProperties(Map.of(),
                new TransferProperties.Trunk("sip.carrier.example", 5060, "UDP", "user", null)))
                .hasMessageContaining("uketsuke.transfer.trunk");
        assertThat(new TransferProperties(null, new TransferProperties.Trunk(" ", null, null, null, null)).trunk())
                .as("an empty host means no trunk").isNull();
    }
}
