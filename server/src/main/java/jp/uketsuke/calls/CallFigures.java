package jp.uketsuke.calls;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's day at a glance (the dashboard): counts only, no personal data.
 *
 * @param calls           calls that started on the day (Japan time)
 * @param faqAnswered     of those, answered from the FAQ
 * @param blocked         of those, declined as sales calls
 * @param inProgress      calls going on now
 * @param messagesWaiting messages taken (outcome MESSAGE_TAKEN) that nobody has taken up yet (status OPEN), any day
 * @param hourlyFrom      the first hour of {@code hourly}
 * @param hourly          calls per hour for the 7 days up to the end of the day, oldest first (168 hours)
 */
public record CallFigures(long calls, long faqAnswered, long blocked, long inProgress, long messagesWaiting,
                          Instant hourlyFrom, List<Integer> hourly) {

    public static final int HOURS = 7 * 24;

    public CallFigures {
        hourly = List.copyOf(hourly);
        if (hourly.size() != HOURS) {
            throw new IllegalArgumentException("hourly holds " + HOURS + " hours");
        }
    }
}
