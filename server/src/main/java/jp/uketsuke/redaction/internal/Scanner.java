package jp.uketsuke.redaction.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import jp.uketsuke.redaction.Kind;

/** Everything {@link jp.uketsuke.redaction.Redactor} masks in a text, in order, none overlapping. */
public final class Scanner {

    private Scanner() {
    }

    public static List<Detected> scan(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        String folded = Width.fold(text);
        List<Detected> all = new ArrayList<>();
        all.addAll(EmailAddresses.detect(folded));
        all.addAll(Addresses.detect(folded));
        all.addAll(DigitRuns.detect(text));
        all.sort(Comparator.comparingInt(Detected::start).thenComparing(Comparator.comparingInt(Detected::end).reversed()));
        List<Detected> merged = new ArrayList<>(all.size());
        for (Detected d : all) {
            Detected last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && d.start() < last.end()) {
                // overlapping finds become one mask, of the kind that shows least, and showing no digits
                Kind kind = rank(d.kind()) < rank(last.kind()) ? d.kind() : last.kind();
                String shown = d.end() <= last.end() && kind == last.kind() ? last.shown() : "";
                merged.set(merged.size() - 1, new Detected(kind, last.start(), Math.max(last.end(), d.end()), shown));
            } else {
                merged.add(d);
            }
        }
        return merged;
    }

    /** Lower shows less: a mask that shows no digits wins over one that shows the last four. */
    private static int rank(Kind kind) {
        return switch (kind) {
            case MY_NUMBER -> 0;
            case POSTAL_ADDRESS -> 1;
            case EMAIL -> 2;
            case CARD -> 3;
            case PHONE -> 4;
        };
    }
}
