package jp.uketsuke.voicebot.faq;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A spoken menu: options, each with a few phrases (「予約」「予約したい」, "operator" "talk to someone"), and which
 * option the caller asked for. The most specific phrase said wins (「予約の変更」 over 「予約」); when two options are
 * said equally specifically the caller was not clear and no option is chosen. Immutable.
 *
 * @param <T> what an option stands for: a menu node, a department, a digit
 */
public final class SpokenChoice<T> {

    public static final int MAX_OPTIONS = 50;

    private final List<T> values;
    private final List<SpokenPhrases> phrases;

    private SpokenChoice(List<T> values, List<SpokenPhrases> phrases) {
        this.values = values;
        this.phrases = phrases;
    }

    /**
     * @param options each option's value and its phrases, in menu order (a {@link java.util.LinkedHashMap} keeps it)
     * @throws IllegalArgumentException for too many options or a phrase past the limits
     */
    public static <T> SpokenChoice<T> of(String language, Map<T, List<String>> options) {
        Objects.requireNonNull(options, "options");
        if (options.size() > MAX_OPTIONS) {
            throw new IllegalArgumentException("a spoken menu has at most " + MAX_OPTIONS + " options, not "
                    + options.size());
        }
        List<T> values = new ArrayList<>();
        List<SpokenPhrases> phrases = new ArrayList<>();
        options.forEach((value, said) -> {
            try {
                phrases.add(SpokenPhrases.of(language, said));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("option " + (values.size() + 1) + ": " + e.getMessage(), e);
            }
            values.add(Objects.requireNonNull(value, "option value"));
        });
        return new SpokenChoice<>(List.copyOf(values), List.copyOf(phrases));
    }

    /** The option the caller asked for, or empty when they said none of them or two equally. */
    public Optional<T> heard(String utterance) {
        if (phrases.isEmpty()) {
            return Optional.empty();
        }
        Spoken said = phrases.getFirst().analyse(utterance);
        int best = 0;
        int chosen = -1;
        boolean tied = false;
        for (int i = 0; i < phrases.size(); i++) {
            int strength = phrases.get(i).strongestIn(said);
            if (strength > best) {
                best = strength;
                chosen = i;
                tied = false;
            } else if (strength == best && strength > 0) {
                tied = true;
            }
        }
        return chosen < 0 || tied ? Optional.empty() : Optional.of(values.get(chosen));
    }
}
