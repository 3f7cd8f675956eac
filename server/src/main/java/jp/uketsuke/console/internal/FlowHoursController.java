package jp.uketsuke.console.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jp.uketsuke.hours.BusinessHours;
import jp.uketsuke.hours.ClosedPeriod;
import jp.uketsuke.hours.JapaneseHolidays;
import jp.uketsuke.hours.OpenInterval;
import jp.uketsuke.hours.OpeningStatus;
import jp.uketsuke.hours.SpecialDay;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.RequiresPermission;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.FlowEditing;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The business hours of the draft flow (営業時間, F5) for holders of {@code flows:edit}: each day's open intervals as
 * written on a shop door ("09:00-12:00, 13:00-18:00"), national holidays, yearly closures (年末年始 12-29..01-03) and
 * special days, one a line; beside them the next national holidays and what the hours say now.
 */
@Controller
class FlowHoursController {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd (E)", java.util.Locale.JAPAN);
    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final Pattern PERIOD = Pattern.compile("(\\d{2}-\\d{2})\\s*\\.\\.\\s*(\\d{2}-\\d{2})\\s*(.*)");
    private static final Pattern INTERVAL = Pattern.compile("\\d{2}:\\d{2}-\\d{2}:\\d{2}");
    private static final int MAX_LINE = 200;

    private final FlowEditing flows;
    private final FlowPages pages;
    private final Clock clock;

    FlowHoursController(FlowEditing flows, FlowPages pages, Clock clock) {
        this.flows = flows;
        this.pages = pages;
        this.clock = clock;
    }

    /** A national holiday to come. */
    record HolidayView(String date, String name) {
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @GetMapping("/flow/hours")
    String show(@RequestParam(required = false) UUID tenant, HttpServletRequest request, Model model) {
        FlowPages.Scope scope = pages.scope(request, tenant);
        FlowEditing.Draft draft = flows.draft(scope.viewer(), scope.tenant());
        return page(scope, draft.flow().hoursOrStandard(), null, null, model);
    }

    @RequiresPermission(Permissions.FLOWS_EDIT)
    @PostMapping("/flow/hours")
    String save(@RequestParam(required = false) UUID tenant, @RequestParam Map<String, String> form,
                HttpServletRequest request, HttpServletResponse response, Model model) {
        FlowPages.Scope scope = pages.scope(request, tenant);
        FlowEditing.Draft draft = flows.draft(scope.viewer(), scope.tenant());
        BusinessHours hours;
        try {
            hours = read(draft.flow().hoursOrStandard(), form);
        } catch (IllegalArgumentException | DateTimeException e) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return page(scope, draft.flow().hoursOrStandard(), "flow.hours.error", e.getMessage(), model);
        }
        Flow f = draft.flow();
        flows.saveDraft(scope.viewer(), scope.tenant(),
                new Flow(f.language(), f.start(), f.nodes(), f.faq(), f.departments(), hours));
        return "redirect:/flow/hours?tenant=" + scope.tenant() + "&saved";
    }

    /** The form read as business hours in the draft's zone; a line that cannot be read says which. */
    static BusinessHours read(BusinessHours before, Map<String, String> form) {
        Map<DayOfWeek, List<OpenInterval>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            String text = form.getOrDefault("day." + day, "").strip();
            if (text.length() > MAX_LINE) {
                throw new IllegalArgumentException(day + ": too long");
            }
            List<OpenInterval> intervals = new ArrayList<>();
            for (String part : text.split("[,、\\s]+")) {
                if (!part.isEmpty()) {
                    intervals.add(OpenInterval.parse(part));
                }
            }
            week.put(day, intervals);
        }
        List<ClosedPeriod> periods = new ArrayList<>();
        for (String line : lines(form.get("periods"), BusinessHours.MAX_CLOSED_PERIODS)) {
            Matcher m = PERIOD.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + clip(line) + "' is not MM-dd..MM-dd and a name");
            }
            periods.add(ClosedPeriod.of(m.group(3), m.group(1), m.group(2)));
        }
        List<SpecialDay> special = new ArrayList<>();
        for (String line : lines(form.get("special"), BusinessHours.MAX_SPECIAL_DAYS)) {
            String[] words = line.split("\\s+");
            LocalDate date;
            try {
                date = LocalDate.parse(words[0]);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("'" + clip(line) + "' does not start with a date (yyyy-MM-dd)");
            }
            List<OpenInterval> intervals = new ArrayList<>();
            List<String> name = new ArrayList<>();
            for (int i = 1; i < words.length; i++) {
                for (String part : words[i].split("[,、]")) {
                    if (INTERVAL.matcher(part).matches()) {
                        intervals.add(OpenInterval.parse(part));
                    } else if (!part.isEmpty()) {
                        name.add(part);
                    }
                }
            }
            special.add(new SpecialDay(date, String.join(" ", name), intervals));
        }
        return new BusinessHours(before.zone(), week, form.containsKey("holidays"), periods, special);
    }

    private static List<String> lines(String text, int max) {
        List<String> lines = text == null ? List.of()
                : text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.size() > max) {
            throw new IllegalArgumentException(lines.size() + " lines, at most " + max);
        }
        return lines;
    }

    private static String clip(String line) {
        return line.length() > 40 ? line.substring(0, 40) + "…" : line;
    }

    private String page(FlowPages.Scope scope, BusinessHours hours, String error, String detail, Model model) {
        pages.common(scope, "hours", model);
        Map<String, String> days = new LinkedHashMap<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            days.put(day.name(), hours.weekly().getOrDefault(day, List.of()).stream().map(OpenInterval::toString)
                    .collect(Collectors.joining(", ")));
        }
        model.addAttribute("days", days);
        model.addAttribute("holidays", hours.closedOnNationalHolidays());
        model.addAttribute("periods", hours.closedPeriods().stream()
                .map(p -> String.format("%02d-%02d..%02d-%02d%s", p.from().getMonthValue(), p.from().getDayOfMonth(),
                        p.to().getMonthValue(), p.to().getDayOfMonth(), p.name() == null ? "" : " " + p.name()))
                .collect(Collectors.joining("\n")));
        model.addAttribute("special", hours.specialDays().stream()
                .map(d -> d.date() + d.hours().stream().map(i -> " " + i).collect(Collectors.joining())
                        + (d.name() == null ? "" : " " + d.name()))
                .collect(Collectors.joining("\n")));
        Instant now = clock.instant();
        OpeningStatus status = hours.status(now);
        model.addAttribute("now", MOMENT.format(now.atZone(hours.zone())));
        model.addAttribute("status", status.kind().name());
        model.addAttribute("statusName", switch (status) {
            case OpeningStatus.Open open -> open.interval().toString();
            case OpeningStatus.Holiday holiday -> holiday.name();
            case OpeningStatus.ClosedDay closed -> closed.name();
            case OpeningStatus.Closed closed -> null;
        });
        model.addAttribute("nextOpening", hours.nextOpening(now).map(MOMENT::format).orElse(null));
        model.addAttribute("upcoming", upcoming(now.atZone(hours.zone()).toLocalDate()));
        model.addAttribute("error", error);
        model.addAttribute("detail", detail);
        return "flow-hours";
    }

    private static List<HolidayView> upcoming(LocalDate today) {
        List<HolidayView> next = new ArrayList<>();
        for (int year = today.getYear(); year <= Math.min(today.getYear() + 1, JapaneseHolidays.LAST_YEAR); year++) {
            JapaneseHolidays.ofYear(year).forEach((date, name) -> {
                if (!date.isBefore(today) && next.size() < 10) {
                    next.add(new HolidayView(DATE.format(date), name));
                }
            });
        }
        return next;
    }
}
