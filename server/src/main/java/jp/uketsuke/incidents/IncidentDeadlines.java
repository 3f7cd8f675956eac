package jp.uketsuke.incidents;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * The report deadlines of APPI (2022 amendment) for a leak, counted in calendar days of Asia/Tokyo from the day the
 * business became aware (day 0; as in the Civil Code, the first day is not counted):
 * <ul>
 *   <li>速報 (preliminary report to the PPC) "promptly": the guidance reads this as about 3–5 days, so from day
 *       {@value #PRELIMINARY_DUE_DAY} it is due and from day {@value #PRELIMINARY_LATE_DAY} late;</li>
 *   <li>確報 (final report) by the end of day {@value #FINAL_DAYS}, or day {@value #FINAL_DAYS_UNLAWFUL} when the leak
 *       may have been for an unlawful purpose (不正の目的); due in its last {@value #FINAL_WARNING_DAYS} days.</li>
 * </ul>
 *
 * @param awareOn         day 0
 * @param preliminaryDue  the first day the 速報 is due
 * @param preliminaryLate the first day the 速報 is late
 * @param finalBy         the last day for the 確報
 */
public record IncidentDeadlines(LocalDate awareOn, LocalDate preliminaryDue, LocalDate preliminaryLate, LocalDate finalBy) {

    public static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    public static final int PRELIMINARY_DUE_DAY = 3;
    public static final int PRELIMINARY_LATE_DAY = 5;
    public static final int FINAL_DAYS = 30;
    public static final int FINAL_DAYS_UNLAWFUL = 60;
    public static final int FINAL_WARNING_DAYS = 7;

    /** Where a report stands on a given day. */
    public enum Urgency {
        RUNNING, DUE, LATE
    }

    public static IncidentDeadlines from(Instant awareAt, boolean unlawfulPurpose) {
        LocalDate day0 = LocalDate.ofInstant(awareAt, TOKYO);
        return new IncidentDeadlines(day0, day0.plusDays(PRELIMINARY_DUE_DAY), day0.plusDays(PRELIMINARY_LATE_DAY),
                day0.plusDays(unlawfulPurpose ? FINAL_DAYS_UNLAWFUL : FINAL_DAYS));
    }

    /** Days since awareness, in Tokyo: 0 on the day itself. */
    public long day(Instant now) {
        return ChronoUnit.DAYS.between(awareOn, today(now));
    }

    public Urgency preliminary(Instant now) {
        LocalDate today = today(now);
        return today.isBefore(preliminaryDue) ? Urgency.RUNNING
                : today.isBefore(preliminaryLate) ? Urgency.DUE : Urgency.LATE;
    }

    public Urgency finalReport(Instant now) {
        LocalDate today = today(now);
        return today.isAfter(finalBy) ? Urgency.LATE
                : today.isBefore(finalBy.minusDays(FINAL_WARNING_DAYS - 1)) ? Urgency.RUNNING : Urgency.DUE;
    }

    private static LocalDate today(Instant now) {
        return LocalDate.ofInstant(now, TOKYO);
    }
}
