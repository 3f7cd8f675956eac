package jp.uketsuke.telephony.internal.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** RFC 3550 loss (appendix A.3) and interarrival jitter (section 6.4.1) from hand-made arrival times. */
class ReceptionStatisticsTest {

    private static final long FRAME_NANOS = 20_000_000L;

    @Test
    void evenlySpacedStreamHasNoJitterAndNoLoss() {
        ReceptionStatistics stats = new ReceptionStatistics();
        for (int i = 0; i < 100; i++) {
            stats.packet(1000 + i, 5000 + i * 160L, i * FRAME_NANOS, true);
        }
        assertThat(stats.expected()).isEqualTo(100);
        assertThat(stats.lost()).isZero();
        assertThat(stats.jitterSeconds()).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void missingSequenceNumbersCountAsLostAcrossWrapAround() {
        ReceptionStatistics stats = new ReceptionStatistics();
        int sequence = 65530;
        for (int i = 0; i < 20; i++) {
            if (i != 3 && i != 10) {
                stats.packet((sequence + i) & 0xFFFF, i * 160L, i * FRAME_NANOS, true);
            }
        }
        assertThat(stats.expected()).isEqualTo(20);
        assertThat(stats.lost()).isEqualTo(2);
    }

    @Test
    void alternatingDelayGivesTheRfcEstimate() {
        // every other packet 10 ms late: |D| is 80 timestamp units (10 ms at 8 kHz) for every pair
        ReceptionStatistics stats = new ReceptionStatistics();
        double expected = 0;
        for (int i = 0; i < 200; i++) {
            long late = (i % 2 == 1) ? 10_000_000L : 0;
            stats.packet(i, i * 160L, i * FRAME_NANOS + late, true);
            if (i > 0) {
                expected += (80 - expected) / 16;
            }
        }
        assertThat(stats.jitterSeconds()).isCloseTo(expected / 8000, within(1e-6));
        assertThat(stats.jitterSeconds()).isCloseTo(0.010, within(0.0005));
    }

    @Test
    void telephoneEventsCountForLossButNotForJitter() {
        ReceptionStatistics stats = new ReceptionStatistics();
        stats.packet(1, 0, 0, true);
        for (int i = 2; i < 10; i++) {
            stats.packet(i, 160, i * FRAME_NANOS, false);
        }
        assertThat(stats.hasJitter()).isFalse();
        assertThat(stats.expected()).isEqualTo(9);
        assertThat(stats.lost()).isZero();
    }

    @Test
    void duplicatesNeverMakeLossNegative() {
        ReceptionStatistics stats = new ReceptionStatistics();
        for (int i = 0; i < 10; i++) {
            stats.packet(7, 0, i, true);
        }
        assertThat(stats.lost()).isZero();
    }
}
