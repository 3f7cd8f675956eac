package jp.uketsuke.summary;

import java.time.LocalDate;
import java.time.LocalTime;

/**
 * When the caller asked for something to happen (an appointment, a callback), in Japan time, resolved against the
 * call's start: 「明日の午後3時」 on 2026-12-07 is 2026-12-08 15:00. Any part may be missing; at least one is given.
 *
 * @param part a part of the day (午前中, 夕方) when no clock time was said
 */
public record RequestedTime(LocalDate date, LocalTime time, PartOfDay part) {

    public enum PartOfDay {
        /** 午前中, in the morning */
        MORNING,
        /** 午後, in the afternoon */
        AFTERNOON,
        /** 夕方, in the evening */
        EVENING
    }

    public RequestedTime {
        if (date == null && time == null && part == null) {
            throw new IllegalArgumentException("A requested time needs a date, a time or a part of the day");
        }
        if (time != null) {
            part = null;
        }
    }

    /** e.g. "2026-12-08 15:00", "2026-12-08 MORNING", "15:30". */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (date != null) {
            s.append(date);
        }
        if (time != null) {
            s.append(s.isEmpty() ? "" : " ").append(time);
        } else if (part != null) {
            s.append(s.isEmpty() ? "" : " ").append(part);
        }
        return s.toString();
    }
}
