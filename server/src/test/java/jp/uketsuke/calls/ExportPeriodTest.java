package jp.uketsuke.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ExportPeriodTest {

    static final LocalDate TODAY = LocalDate.parse("2026-12-07");

    @Test
    void daysAreJapanDaysAndToIncludesItsWholeDay() {
        ExportPeriod p = ExportPeriod.parse("2026-12-01", "2026-12-07", "50", TODAY);
        assertThat(p.from()).isEqualTo(Instant.parse("2026-11-30T15:00:00Z"));
        assertThat(p.to()).isEqualTo(Instant.parse("2026-12-07T15:00:00Z"));
        assertThat(p.maxRows()).isEqualTo(50);
        assertThat(p.days()).isEqualTo("2026-12-01_2026-12-07");
    }

    @Test
    void leftOutThePeriodIsTheLastThirtyDaysAndTheLimitTheMostAnExportHolds() {
        ExportPeriod p = ExportPeriod.parse(null, " ", "", TODAY);
        assertThat(p.days()).isEqualTo("2026-11-08_2026-12-07");
        assertThat(p.maxRows()).isEqualTo(CallHistory.MAX_EXPORT_ROWS);
        assertThat(ExportPeriod.parse("2026-12-07", null, null, TODAY).days()).isEqualTo("2026-12-07_2026-12-07");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "2026-12-08 | 2026-12-07 | NULL",            // reversed
            "NULL | 2025-01-01 | NULL",                  // "from" left out and "to" given: fine; see below
            "2024-12-01 | 2026-12-07 | NULL",            // longer than a year
            "2026-13-01 | NULL | NULL", "07/12/2026 | NULL | NULL", "yesterday | NULL | NULL", "2026-12-1 | NULL | NULL",
            "+999999999-12-31 | NULL | NULL", "NULL | +999999999-12-31 | NULL", "-999999999-01-01 | NULL | NULL",
            "1999-12-31 | 2000-01-01 | NULL", "2026-12-01' or '1'='1 | NULL | NULL",
            "NULL | NULL | 0", "NULL | NULL | -1", "NULL | NULL | 10001", "NULL | NULL | 2147483648",
            "NULL | NULL | 99999999999999999999", "NULL | NULL | ten", "NULL | NULL | 1e3", "NULL | NULL | 0x10"})
    void badInputIsRefusedWithAReason(String from, String to, String limit) {
        if (from == null && "2025-01-01".equals(to)) {
            assertThat(ExportPeriod.parse(from, to, limit, TODAY).days()).isEqualTo("2024-12-03_2025-01-01");
            return;
        }
        assertThatThrownBy(() -> ExportPeriod.parse(from, to, limit, TODAY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("Exception");
    }
}
