package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Overload limits from configuration: nonsense is refused at start-up with what was wrong, sense is kept. */
class SipSettingsLimitsTest {

    @Test
    void limitsThatWouldRefuseEveryCallOrNeverSayWhenToRetryAreRefused() {
        SipSettings defaults = SipSettings.defaults();
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withMaxCallsInSetup(0))
                .withMessageContaining("maxCallsInSetup");
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withMaxCallsInSetup(-5))
                .withMessageContaining("maxCallsInSetup");
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withMaxCalls(0))
                .withMessageContaining("maxCalls");
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withOverloadRetryAfter(Duration.ofMillis(500)))
                .withMessageContaining("overloadRetryAfter");
        assertThatIllegalArgumentException().isThrownBy(() -> defaults.withOverloadRetryAfter(Duration.ofSeconds(-2)))
                .withMessageContaining("overloadRetryAfter");
    }

    @Test
    void defaultsAndChosenLimitsAreKept() {
        assertThat(SipSettings.defaults().maxCalls()).isEqualTo(500);
        assertThat(SipSettings.defaults().maxCallsInSetup()).isEqualTo(200);
        assertThat(SipSettings.defaults().overloadRetryAfter()).isEqualTo(Duration.ofSeconds(2));
        SipSettings chosen = SipSettings.defaults().withMaxCalls(40).withMaxCallsInSetup(10)
                .withOverloadRetryAfter(Duration.ofSeconds(30));
        assertThat(chosen.maxCalls()).isEqualTo(40);
        assertThat(chosen.maxCallsInSetup()).isEqualTo(10);
        assertThat(chosen.overloadRetryAfter()).isEqualTo(Duration.ofSeconds(30));
    }
}
