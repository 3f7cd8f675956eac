package jp.uketsuke.console.internal;

import java.time.format.DateTimeFormatter;
import jp.uketsuke.summary.RequestedTime;
import jp.uketsuke.summary.ShownSummary;

/** A call's summary as the call page shows it; name and number arrive already masked for viewers who must not see them. */
record SummaryView(String categoryKey, String name, boolean nameHidden, String callbackNumber, String requestedDate,
                   String requestedTime, String partKey, String urgencyKey, String methodKey) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    static SummaryView of(ShownSummary s) {
        RequestedTime r = s.requested();
        return new SummaryView("summary.category." + s.category().name(), s.callerName(), s.nameHidden(),
                s.callbackNumber(),
                r == null || r.date() == null ? null : r.date().toString(),
                r == null || r.time() == null ? null : TIME.format(r.time()),
                r == null || r.part() == null ? null : "summary.part." + r.part().name(),
                "summary.urgency." + s.urgency().name(), "summary.method." + s.method().name());
    }

    public boolean hasRequested() {
        return requestedDate != null || requestedTime != null || partKey != null;
    }
}
