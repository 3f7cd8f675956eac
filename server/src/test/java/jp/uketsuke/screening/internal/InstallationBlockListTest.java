package jp.uketsuke.screening.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code uketsuke.screening.blocked-numbers}: any written form of a number, and a clear stop for anything else. */
class InstallationBlockListTest {

    @Test
    void numbersInAnyFormBecomeOneNormalisedEntryEach() {
        assertThat(ScreeningConfiguration.installationBlocked(List.of("03-1234-5678", "+81 3 1234 5678", "０３１２３４５６７８",
                "+1 415 555 0100", " ", ""))).containsExactlyInAnyOrder("0312345678", "+14155550100");
        assertThat(ScreeningConfiguration.installationBlocked(List.of())).isEmpty();
    }

    @Test
    void anEntryThatIsNotANumberStopsTheStartNamingTheEntryNotItsValue() {
        assertThatThrownBy(() -> ScreeningConfiguration.installationBlocked(List.of("0312345678", "sales people")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("uketsuke.screening.blocked-numbers: entry 2 is not a phone number");
        assertThatThrownBy(() -> ScreeningConfiguration.installationBlocked(List.of("03-1234-5678; drop table calls")))
                .hasMessageNotContaining("drop");
        assertThatThrownBy(() -> ScreeningConfiguration.installationBlocked(Arrays.asList("0" + "1".repeat(300))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
