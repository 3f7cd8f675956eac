package jp.uketsuke.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import jp.uketsuke.incidents.IncidentDeadlines.Urgency;
import org.junit.jupiter.api.Test;

/** APPI report deadlines in Tokyo days from awareness: 速報 due on day 3 and late on day 5; 確報 by day 30, or 60. */
class IncidentDeadlinesTest {

    // 2026-12-01 23:30 in Tokyo, still 14:30 UTC: the day of awareness is Tokyo's
    private static final Instant AWARE = Instant.parse("2026-12-01T14:30:00Z");

    private static Instant tokyo(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(IncidentDeadlines.TOKYO).toInstant();
    }

    @Test
    void daysAreCountedInTokyoFromTheDayOfAwareness() {
        IncidentDeadlines d = IncidentDeadlines.from(AWARE, false);

        assertThat(d.awareOn()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(d.day(tokyo("2026-12-01T23:59:59"))).isZero();
        assertThat(d.day(tokyo("2026-12-02T00:00:00"))).isEqualTo(1);
        // 2026-12-01 16:00 UTC is already the 2nd in Tokyo
        assertThat(IncidentDeadlines.from(Instant.parse("2026-12-01T16:00:00Z"), false).awareOn())
                .isEqualTo(LocalDate.of(2026, 12, 2));
    }

    @Test
    void thePreliminaryReportRunsUntilDayThreeIsDueFromDayThreeAndLateFromDayFive() {
        IncidentDeadlines d = IncidentDeadlines.from(AWARE, false);

        assertThat(d.preliminary(AWARE)).isEqualTo(Urgency.RUNNING);
        assertThat(d.preliminary(tokyo("2026-12-03T23:59:59"))).isEqualTo(Urgency.RUNNING);
        assertThat(d.preliminary(tokyo("2026-12-04T00:00:00"))).isEqualTo(Urgency.DUE);
        assertThat(d.preliminary(tokyo("2026-12-05T23:59:59"))).isEqualTo(Urgency.DUE);
        assertThat(d.preliminary(tokyo("2026-12-06T00:00:00"))).isEqualTo(Urgency.LATE);
        assertThat(d.preliminaryDue()).isEqualTo(LocalDate.of(2026, 12, 4));
        assertThat(d.preliminaryLate()).isEqualTo(LocalDate.of(2026, 12, 6));
    }

    @Test
    void theFinalReportIsDueByTheEndOfDayThirtyAndIsLateTheDayAfter() {
        IncidentDeadlines d = IncidentDeadlines.from(AWARE, false);

        assertThat(d.finalBy()).isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(d.finalReport(tokyo("2026-12-24T23:59:59"))).isEqualTo(Urgency.RUNNING);
        assertThat(d.finalReport(tokyo("2026-12-25T00:00:00"))).as("the last seven days").isEqualTo(Urgency.DUE);
        assertThat(d.finalReport(tokyo("2026-12-31T23:59:59"))).isEqualTo(Urgency.DUE);
        assertThat(d.finalReport(tokyo("2027-01-01T00:00:00"))).isEqualTo(Urgency.LATE);
    }

    @Test
    void aLeakThatMayBeForAnUnlawfulPurposeHasSixtyDaysForTheFinalReportButTheSamePreliminaryClock() {
        IncidentDeadlines d = IncidentDeadlines.from(AWARE, true);

        assertThat(d.finalBy()).isEqualTo(LocalDate.of(2027, 1, 30));
        assertThat(d.finalReport(tokyo("2027-01-01T00:00:00"))).isEqualTo(Urgency.RUNNING);
        assertThat(d.finalReport(tokyo("2027-01-31T00:00:00"))).isEqualTo(Urgency.LATE);
        assertThat(d.preliminaryLate()).isEqualTo(LocalDate.of(2026, 12, 6));
    }
}
