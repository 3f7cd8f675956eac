package jp.uketsuke.voicebot.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.uketsuke.voicebot.FaqEntry;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.ja.JapaneseAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Finds the FAQ entry a caller's words ask for. Both sides go through the language's Lucene analyzer
 * (Kuromoji for Japanese, stemming and stop words for English), so "hours?" matches "hour" and
 * particles or filler words do not count. An entry matches when the caller said most of the content
 * words of one of its phrases.
 */
final class FaqMatcher {

    /** Share of a phrase's content words the caller must have said. */
    private static final double REQUIRED_SHARE = 0.6;

    private final Analyzer analyzer;
    private final List<Candidate> candidates;

    private record Candidate(FaqEntry entry, Set<String> terms) {
    }

    FaqMatcher(String language, List<FaqEntry> entries) {
        this.analyzer = analyzerFor(language);
        this.candidates = entries.stream()
                .flatMap(e -> e.phrases().stream().map(p -> new Candidate(e, terms(p))))
                .filter(c -> !c.terms().isEmpty())
                .toList();
    }

    static Analyzer analyzerFor(String language) {
        return language != null && language.toLowerCase().startsWith("ja") ? new JapaneseAnalyzer() : new EnglishAnalyzer();
    }

    Optional<FaqEntry> match(String heard) {
        Set<String> said = terms(heard);
        if (said.isEmpty()) {
            return Optional.empty();
        }
        FaqEntry best = null;
        double bestShare = 0;
        for (Candidate c : candidates) {
            long hits = c.terms().stream().filter(said::contains).count();
            double share = (double) hits / c.terms().size();
            if (share > bestShare) {
                bestShare = share;
                best = c.entry();
            }
        }
        return bestShare >= REQUIRED_SHARE ? Optional.of(best) : Optional.empty();
    }

    /** Whether the caller said all content words of one of the phrases, e.g. "leave a message". */
    boolean saidAny(String heard, List<String> phrases) {
        Set<String> said = terms(heard);
        return phrases.stream().map(this::terms).anyMatch(t -> !t.isEmpty() && said.containsAll(t));
    }

    private Set<String> terms(String text) {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream stream = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String cannot fail
        }
        return terms;
    }
}
