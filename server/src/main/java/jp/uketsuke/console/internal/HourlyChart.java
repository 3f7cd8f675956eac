package jp.uketsuke.console.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import jp.uketsuke.calls.CallFigures;

/**
 * The dashboard's calls-per-hour chart, drawn on the server as SVG geometry the template writes out (no script, no
 * chart library), with the same numbers as a table for screen readers and anyone who prefers text.
 *
 * @param bars  one per hour, oldest first
 * @param days  the 7 days, each with its 24 counts (the text alternative) and where its label sits
 * @param max   the highest hourly count (the scale's top)
 * @param total calls in the 7 days
 */
record HourlyChart(List<Bar> bars, List<Day> days, int max, int total, int width, int height) {

    static final int BAR = 4;
    static final int PLOT_HEIGHT = 80;
    static final int LABEL_SPACE = 18;

    /** {@code title}: the hour and its count, shown as the bar's tooltip and read by screen readers. */
    record Bar(int x, int y, int height, String title) {
    }

    record Day(LocalDate date, int x, List<Integer> hours) {
    }

    static HourlyChart of(CallFigures figures) {
        List<Integer> hourly = figures.hourly();
        int max = Math.max(1, hourly.stream().mapToInt(Integer::intValue).max().orElse(0));
        Instant start = figures.hourlyFrom();
        List<Bar> bars = new ArrayList<>(hourly.size());
        List<Day> days = new ArrayList<>();
        for (int i = 0; i < hourly.size(); i++) {
            int count = hourly.get(i);
            int h = count == 0 ? 0 : Math.max(1, Math.round((float) count * PLOT_HEIGHT / max));
            ZonedDateTime hour = start.plusSeconds(3600L * i).atZone(CallView.ZONE);
            bars.add(new Bar(i * BAR, PLOT_HEIGHT - h, h, "%s %02d:00 — %d".formatted(hour.toLocalDate(),
                    hour.getHour(), count)));
            if (i % 24 == 0) {
                days.add(new Day(hour.toLocalDate(), i * BAR, hourly.subList(i, Math.min(i + 24, hourly.size()))));
            }
        }
        int total = hourly.stream().mapToInt(Integer::intValue).sum();
        return new HourlyChart(bars, days, hourly.stream().mapToInt(Integer::intValue).max().orElse(0), total,
                hourly.size() * BAR, PLOT_HEIGHT + LABEL_SPACE);
    }

    /** The busiest hour's label for the chart's summary, or null when there were no calls. */
    public String busiest() {
        if (max == 0) {
            return null;
        }
        for (Bar bar : bars) {
            if (bar.height() == PLOT_HEIGHT) {
                return bar.title();
            }
        }
        return null;
    }
}
