package jp.uketsuke.voicebot.faq;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import jp.uketsuke.voicebot.FaqEntry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The labelled evaluation set in src/test/resources/faq-eval (see its README): one tenant's FAQ and what callers
 * said to it, and how well an index answers them.
 */
final class FaqEvaluation {

    /** The tenants of the set, by file prefix. */
    static final List<String> TENANTS = List.of("dental-ja", "realestate-ja", "office-en");

    static final String NONE = "none";

    record Faq(String tenant, String language, List<FaqEntry> entries) {
    }

    /** @param expected the entry id the caller asked for, or {@link #NONE} */
    record Utterance(String expected, String heard) {
    }

    /**
     * @param utterances the development set, which the analysis rules and the thresholds were shaped on
     * @param heldOut    utterances written after the method was fixed and never tuned on ({@code <tenant>.heldout.tsv},
     *                   empty when the tenant has none)
     */
    record Tenant(Faq faq, List<Utterance> utterances, List<Utterance> heldOut) {

        /** Every other utterance from the first: the file was written plain first and harder later, so halves alternate. */
        List<Utterance> firstHalf() {
            return everyOther(0);
        }

        List<Utterance> secondHalf() {
            return everyOther(1);
        }

        private List<Utterance> everyOther(int start) {
            List<Utterance> half = new ArrayList<>();
            for (int i = start; i < utterances.size(); i += 2) {
                half.add(utterances.get(i));
            }
            return List.copyOf(half);
        }
    }

    /** What an index did with a list of utterances at one threshold. */
    record Score(int utterances, int withEntry, int answered, int correct) {

        static final Score ZERO = new Score(0, 0, 0, 0);

        double precision() {
            return answered == 0 ? 1 : (double) correct / answered;
        }

        double recall() {
            return withEntry == 0 ? 1 : (double) correct / withEntry;
        }

        Score plus(Score other) {
            return new Score(utterances + other.utterances, withEntry + other.withEntry, answered + other.answered,
                    correct + other.correct);
        }
    }

    private FaqEvaluation() {
    }

    static Tenant load(String name) {
        JsonMapper json = JsonMapper.builder().build();
        Faq faq = json.readValue(read(name + ".faq.json"), Faq.class);
        Set<String> ids = faq.entries().stream().map(FaqEntry::id).collect(Collectors.toSet());
        String heldOut = name + ".heldout.tsv";
        return new Tenant(faq, utterances(name + ".utterances.tsv", read(name + ".utterances.tsv"), ids),
                exists(heldOut) ? utterances(heldOut, read(heldOut), ids) : List.of());
    }

    private static List<Utterance> utterances(String file, String text, Set<String> ids) {
        List<Utterance> utterances = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t");
            if (columns.length != 2 || !(ids.contains(columns[0]) || columns[0].equals(NONE))) {
                throw new IllegalStateException(file + " line " + (i + 1) + " is not 'id<TAB>utterance'"
                        + " with an id of the FAQ or 'none': " + line);
            }
            utterances.add(new Utterance(columns[0], columns[1]));
        }
        return List.copyOf(utterances);
    }

    static Score score(FaqIndex index, List<Utterance> utterances) {
        int withEntry = 0;
        int answered = 0;
        int correct = 0;
        for (Utterance u : utterances) {
            Optional<FaqMatch> best = index.best(u.heard());
            withEntry += u.expected().equals(NONE) ? 0 : 1;
            answered += best.isPresent() ? 1 : 0;
            correct += best.filter(m -> m.entry().id().equals(u.expected())).isPresent() ? 1 : 0;
        }
        return new Score(utterances.size(), withEntry, answered, correct);
    }

    static FaqIndex index(Tenant tenant) {
        return FaqIndex.of(tenant.faq().language(), tenant.faq().entries());
    }

    private static boolean exists(String file) {
        return FaqEvaluation.class.getResource("/faq-eval/" + file) != null;
    }

    private static String read(String file) {
        try (InputStream in = FaqEvaluation.class.getResourceAsStream("/faq-eval/" + file)) {
            if (in == null) {
                throw new IllegalStateException("faq-eval/" + file + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
