package jp.uketsuke.calls.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import jp.uketsuke.config.MutableClock;
import org.junit.jupiter.api.Test;

class PlayAuditsTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T01:00:00Z"));
    final PlayAudits plays = new PlayAudits(clock);
    final UUID call = UUID.randomUUID();

    @Test
    void rangesOfOnePlayAreAuditedOnceAndAgainAfterTheWindowFromTheLastAuditedRequest() {
        assertThat(plays.mustAudit("user:a", call, 0)).isTrue();
        clock.advance(Duration.ofMinutes(3));
        assertThat(plays.mustAudit("user:a", call, 4096)).isFalse();
        clock.advance(Duration.ofMinutes(2));
        // ranges kept coming, but the window runs from the last audited request
        assertThat(plays.mustAudit("user:a", call, 8192)).isTrue();
        assertThat(plays.mustAudit("user:a", call, 9000)).isFalse();
    }

    @Test
    void aNewPlayAnotherViewerAnotherCallOrAFirstRequestPastTheStartIsAudited() {
        assertThat(plays.mustAudit("user:a", call, 5000)).isTrue();
        assertThat(plays.mustAudit("user:a", call, 0)).isTrue();
        assertThat(plays.mustAudit("user:b", call, 6000)).isTrue();
        assertThat(plays.mustAudit("user:a", UUID.randomUUID(), 6000)).isTrue();
        assertThat(plays.mustAudit("user:a", call, 6000)).isFalse();
    }

    @Test
    void aClockThatWentBackDoesNotExtendTheWindow() {
        assertThat(plays.mustAudit("user:a", call, 0)).isTrue();
        clock.advance(Duration.ofMinutes(-10));
        assertThat(plays.mustAudit("user:a", call, 100)).isTrue();
    }
}
