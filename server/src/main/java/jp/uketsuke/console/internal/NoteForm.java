package jp.uketsuke.console.internal;

import java.time.LocalTime;
import jp.uketsuke.handling.NoteInput;
import jp.uketsuke.summary.PurposeCategory;
import jp.uketsuke.summary.RequestedTime;
import jp.uketsuke.summary.ShownSummary;

/**
 * The note form's fields as the page shows them: blank, prefilled from the call's summary, or as the person typed them
 * when the note was refused (so nothing typed is lost).
 *
 * @param callbackBy a datetime-local value in Japan time
 */
record NoteForm(String callerName, String company, String category, String text, boolean callbackNeeded,
                String callbackNumber, String callbackBy) {

    static NoteForm blank() {
        return new NoteForm("", "", PurposeCategory.INQUIRY.name(), "", false, "", "");
    }

    /**
     * What the summary already knows. A masked number or withheld name is not copied: a note holds what its author
     * could read, and a masked number is no number to call back.
     */
    static NoteForm from(ShownSummary s, String purpose) {
        String number = s.masked() || s.callbackNumber() == null ? "" : s.callbackNumber();
        RequestedTime r = s.requested();
        String by = "";
        if (r != null && r.date() != null) {
            LocalTime time = r.time() != null ? r.time() : r.part() == null ? LocalTime.of(10, 0) : switch (r.part()) {
                case MORNING -> LocalTime.of(10, 0);
                case AFTERNOON -> LocalTime.of(14, 0);
                case EVENING -> LocalTime.of(17, 0);
            };
            by = WorkViews.LOCAL_INPUT.format(r.date().atTime(time));
        }
        String text = purpose == null ? "" : purpose.length() > NoteInput.MAX_TEXT ? purpose.substring(0, NoteInput.MAX_TEXT) : purpose;
        return new NoteForm(s.callerName() == null ? "" : s.callerName(), "", s.category().name(), text,
                s.category() == PurposeCategory.CALLBACK || !number.isEmpty(), number, by);
    }

    static NoteForm typed(String callerName, String company, String category, String text, boolean callbackNeeded,
                          String callbackNumber, String callbackBy) {
        return new NoteForm(n(callerName), n(company), n(category), n(text), callbackNeeded, n(callbackNumber),
                n(callbackBy));
    }

    private static String n(String s) {
        return s == null ? "" : s;
    }
}
