package jp.uketsuke.voicebot.faq;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.tartarus.snowball.ext.EnglishStemmer;

/**
 * English (and the fallback for other languages): Lucene's standard tokenizer, possessives dropped, Snowball (Porter 2) stems, so
 * "hours" meets "hour" and "parking" meets "park"; Lucene's English stop words mark grammar.
 */
final class EnglishAnalysis implements Analysis {

    private static final CharArraySet STOP_WORDS = EnglishAnalyzer.ENGLISH_STOP_WORDS_SET;

    private static final Set<String> FILLERS = Set.of("um", "uh", "umm", "uhm", "er", "erm", "hmm", "ah", "oh");

    /** Words that ask without saying about what: "hi i would like to know", "can you tell me". */
    private static final Set<String> CARRIERS = Set.of("i", "me", "my", "you", "your", "we", "us", "our", "guys", "hi",
            "hello", "hey", "yeah", "yes", "ok", "okay", "please", "like", "just", "so", "well", "could", "would", "can",
            "do", "does", "did", "have", "has", "want", "wanted", "need", "know", "wonder", "wondering", "thanks",
            "thank", "actually", "really", "tell", "ask", "asking", "calling", "i'd", "i'm", "i've", "i'll", "you're",
            "it's", "that's", "what's", "there's", "let", "get", "got", "am", "any", "some", "about", "from", "was",
            "were", "been", "be", "should", "how's", "going", "go", "sorry", "sir", "madam", "ma'am", "question");

    /**
     * Words callers use for what a front desk's FAQ names otherwise ("visa" for a credit card, "zoom" for a video
     * call), by stem. The concept is added beside the word, so the word itself still counts.
     */
    private static final Map<String, String> CONCEPTS = concepts(Map.of(
            "#price", List.of("cost", "charg", "fee", "price", "rate", "expens", "cheap"),
            "#card", List.of("card", "credit", "debit", "visa", "mastercard", "amex"),
            "#remote", List.of("remot", "onlin", "video", "zoom", "skype", "virtual", "email", "upload"),
            "#job", List.of("job", "hire", "career", "posit", "open", "vacanc", "internship", "resum"),
            "#paper", List.of("document", "paperwork", "form", "w2", "w2s", "1099", "receipt", "bring"),
            "#where", List.of("where", "address", "locat", "floor", "street", "suit"),
            "#book", List.of("appoint", "book", "schedul", "reserv", "consult")));

    private static Map<String, String> concepts(Map<String, List<String>> groups) {
        Map<String, String> byStem = new HashMap<>();
        groups.forEach((concept, stems) -> stems.forEach(stem -> byStem.put(stem, concept)));
        return Map.copyOf(byStem);
    }

    @Override
    public Spoken analyse(String text) {
        List<Spoken.Token> tokens = new ArrayList<>();
        StringBuilder reading = new StringBuilder();
        for (String word : cut(Analysis.normalise(text))) {
            if (FILLERS.contains(word)) {
                continue;
            }
            String stem = stem(word);
            Spoken.Kind kind = STOP_WORDS.contains(word) ? Spoken.Kind.FUNCTION
                    : CARRIERS.contains(word) ? Spoken.Kind.CARRIER : Spoken.Kind.CONTENT;
            tokens.add(new Spoken.Token(stem, stem, kind));
            String concept = kind == Spoken.Kind.CONTENT ? CONCEPTS.get(stem) : null;
            if (concept != null) {
                tokens.add(new Spoken.Token(concept, concept, Spoken.Kind.CONTENT));
            }
            reading.append(reading.isEmpty() ? "" : " ").append(stem);
        }
        return new Spoken(tokens, Set.of(), reading.toString(), List.of());
    }

    @Override
    public int words(String text) {
        return cut(Analysis.normalise(text)).size();
    }

    private static String stem(String word) {
        String possessiveDropped = word.endsWith("'s") ? word.substring(0, word.length() - 2) : word;
        EnglishStemmer stemmer = new EnglishStemmer(); // holds the word being stemmed, so one per word
        stemmer.setCurrent(possessiveDropped);
        stemmer.stem();
        return stemmer.getCurrent();
    }

    private static List<String> cut(String text) {
        List<String> words = new ArrayList<>();
        if (text.isBlank()) {
            return words;
        }
        try (StandardTokenizer tokenizer = new StandardTokenizer()) {
            CharTermAttribute term = tokenizer.addAttribute(CharTermAttribute.class);
            tokenizer.setReader(new StringReader(text));
            tokenizer.reset();
            while (tokenizer.incrementToken()) {
                words.add(term.toString().replace('’', '\''));
            }
            tokenizer.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String cannot fail
        }
        return words;
    }
}
