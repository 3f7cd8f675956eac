package jp.uketsuke.voicebot;

import java.util.List;

/**
 * Decides whether a caller is making a sales call (営業電話, F4): by the number lists and the anonymous-caller
 * policy before anything is heard, then by what the caller said in their first turns. Letting a sales call through
 * is cheaper than turning away a customer, so anything uncertain is allowed.
 */
public interface CallerScreening {

    /** Screens no one. */
    CallerScreening NONE = (facts, language, words) -> new Verdict(Verdict.Kind.NOT_SCREENED, 0, "no screening");

    /**
     * @param words what the caller said so far, or null when nothing has been heard: then only the lists decide
     */
    Verdict screen(CallFacts facts, String language, String words);

    /**
     * What sales callers typically say first, in the language: added to what a recogniser listens for where the
     * screen node asks, so engines that need a grammar can hear a pitch at all. Empty when nothing is screened.
     */
    default List<String> phrases(String language) {
        return List.of();
    }

    /**
     * @param salesScore how sure the classifier is that it is a sales call (0-1), 0 when the words were not read
     * @param reason     why, for the call's steps (never the number itself)
     */
    record Verdict(Kind kind, double salesScore, String reason) {

        public Verdict {
            java.util.Objects.requireNonNull(kind, "kind");
            if (!(salesScore >= 0 && salesScore <= 1)) {
                throw new IllegalArgumentException("a sales score is 0 to 1");
            }
            reason = reason == null ? "" : reason;
        }

        public enum Kind {
            /** On the tenant's allow list: never screened out. */
            ALLOWED,
            /** On a block list, or withheld where the tenant refuses anonymous calls. */
            BLOCKED,
            /** Said what sales callers say. */
            SALES,
            /** Nothing that marks a sales call. */
            NOT_SALES,
            NOT_SCREENED
        }

        public boolean turnAway() {
            return kind == Kind.BLOCKED || kind == Kind.SALES;
        }
    }
}
