package jp.uketsuke.telephony;

import static jp.uketsuke.telephony.MediaSecurity.OFF;
import static jp.uketsuke.telephony.MediaSecurity.PREFERRED;
import static jp.uketsuke.telephony.MediaSecurity.REQUIRED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a trunk's media security combines with the tenant's: the stricter applies, OFF &lt; PREFERRED &lt; REQUIRED. */
class MediaSecurityTest {

    @Test
    void theStricterOfTwoPoliciesApplies() {
        assertThat(OFF.atLeast(REQUIRED)).isEqualTo(REQUIRED);
        assertThat(REQUIRED.atLeast(OFF)).isEqualTo(REQUIRED);
        assertThat(PREFERRED.atLeast(OFF)).isEqualTo(PREFERRED);
        assertThat(OFF.atLeast(PREFERRED)).isEqualTo(PREFERRED);
        assertThat(PREFERRED.atLeast(REQUIRED)).isEqualTo(REQUIRED);
        assertThat(OFF.atLeast(OFF)).isEqualTo(OFF);
        assertThat(OFF.atLeast(null)).as("no floor: the policy stands").isEqualTo(OFF);
    }

    @Test
    void trunksSharingASourceAskForTheStrictestOfTheirPolicies() {
        Trunk follows = trunk("follows", null);
        Trunk off = trunk("off", OFF);
        Trunk required = trunk("required", REQUIRED);
        assertThat(new CallOrigin.FromTrunk(List.of(follows)).mediaSecurity()).isNull();
        assertThat(new CallOrigin.FromTrunk(List.of(follows, off)).mediaSecurity()).isEqualTo(OFF);
        assertThat(new CallOrigin.FromTrunk(List.of(off, required, follows)).mediaSecurity()).isEqualTo(REQUIRED);
    }

    private static Trunk trunk(String name, MediaSecurity security) {
        return new Trunk(name, "192.0.2.1", 5060, "UDP", null, List.of(AddressRange.parse("192.0.2.1")), List.of())
                .withMediaSecurity(security);
    }
}
