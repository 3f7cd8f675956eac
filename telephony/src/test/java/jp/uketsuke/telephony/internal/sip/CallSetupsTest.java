package jp.uketsuke.telephony.internal.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import jp.uketsuke.telephony.OverloadReason;
import org.junit.jupiter.api.Test;

/** Admission decisions, each from a stated load; the SIPp test (OverloadSippTest) shows the 503 on the wire. */
class CallSetupsTest {

    private final CallSetups setups = new CallSetups(2, 10, Duration.ofSeconds(3));

    @Test
    void slotsBeyondTheSetupLimitAreRefusedUntilOneCloses() {
        CallSetups.Slot first = setups.begin(0);
        CallSetups.Slot second = setups.begin(0);
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(setups.begin(0)).isNull();
        assertThat(setups.refused()).containsEntry(OverloadReason.SETUP_LIMIT, 1L);
        first.close();
        first.close();
        assertThat(setups.inSetup()).as("closing twice frees one slot").isEqualTo(1);
        assertThat(setups.begin(0)).isNotNull();
        assertThat(setups.retryAfterSeconds()).isEqualTo(3);
    }

    @Test
    void callsInSetupCountTowardsTheCallLimit() {
        assertThat(setups.begin(9)).isNotNull();
        assertThat(setups.begin(9)).as("9 up and 1 in set-up make 10").isNull();
        assertThat(setups.refused()).containsEntry(OverloadReason.CALL_LIMIT, 1L)
                .containsEntry(OverloadReason.SETUP_LIMIT, 0L);
    }
}
