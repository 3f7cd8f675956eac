package jp.uketsuke.voicebot.faq;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.WordlistLoader;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.util.IOUtils;
import org.tartarus.snowball.ext.EnglishStemmer;

/**
 * English (and the fallback for other languages): Lucene's standard tokenizer, possessives dropped, Snowball (Porter 2) stems, so
 * "hours" meets "hour" and "parking" meets "park"; Snowball's English stop words mark grammar.
 */
final class EnglishAnalysis implements Analysis {

    /** Question words: in a caller's question they say what is asked, in an answer's prose they only join clauses. */
    private static final Set<String> INTERROGATIVES = Set.of("what", "where", "when", "which", "who", "whom", "whose",
            "why", "how", "what's", "where's", "when's", "why's", "who's", "how's");

    /**
     * Snowball's list, fuller than Lucene's default ("over", "again", "very" are grammar too, and a caller's "over
     * zoom" should not look like more topic than it is), less the question words, which ask.
     */
    private static final CharArraySet STOP_WORDS = grammar();

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
     * call), by stem. The concept is the word's sense; the index gives a synonym less credit than the word itself.
     */
    private static final Map<String, String> CONCEPTS = concepts(Map.of(
            "#price", List.of("cost", "charg", "fee", "price", "rate", "expens", "cheap"),
            "#card", List.of("card", "credit", "debit", "visa", "mastercard", "amex"),
            "#remote", List.of("remot", "onlin", "video", "zoom", "skype", "virtual", "email", "upload"),
            "#job", List.of("job", "hire", "career", "posit", "opening", "vacanc", "internship", "resum"),
            "#paper", List.of("document", "paperwork", "form", "w2", "w2s", "1099", "receipt", "bring"),
            "#where", List.of("where", "address", "locat", "floor", "street", "suit"),
            "#book", List.of("appoint", "book", "schedul", "reserv", "consult")));

    private static CharArraySet grammar() {
        try (InputStream in = SnowballFilter.class.getResourceAsStream("english_stop.txt");
             Reader list = IOUtils.getDecodingReader(Objects.requireNonNull(in, "english_stop.txt"),
                     StandardCharsets.UTF_8)) {
            CharArraySet words = WordlistLoader.getSnowballWordSet(list);
            CharArraySet withoutQuestions = new CharArraySet(words.size(), false);
            words.forEach(w -> {
                String word = new String((char[]) w);
                if (!INTERROGATIVES.contains(word)) {
                    withoutQuestions.add(word);
                }
            });
            return CharArraySet.unmodifiableSet(withoutQuestions);
        } catch (IOException e) {
            throw new UncheckedIOException("Lucene's Snowball English stop words are missing", e);
        }
    }

    private static Map<String, String> concepts(Map<String, List<String>> groups) {
        Map<String, String> byStem = new HashMap<>();
        groups.forEach((concept, stems) -> stems.forEach(stem -> byStem.put(stem, concept)));
        return Map.copyOf(byStem);
    }

    /**
     * How cold callers open and what they ask for, not how a customer asks: a seller speaks for a "we" that offers,
     * introduces a company, wants the owner or the decision maker; some only want off a list.
     */
    private static final Pattern SALES_PITCH = Pattern.compile("\\b(?:"
            + "we(?:'re| are)? (?:offering|offer|provide|providing|specialize|help businesses)"
            + "|this is \\w+(?: \\w+)? (?:from|with) |calling (?:from|on behalf of) "
            + "|(?:business|property) owner|decision maker|person in charge of"
            + "|calling list|take (?:me|us|my number) off|do not call list|remove (?:me|my number) from"
            + "|special offer|limited time|extended warranty|free (?:quote|audit|trial|estimate|consultation for your business)"
            + ")\\b");

    /** Adjectives of how often, which Porter would bring back to the unit of time they are made from. */
    private static final Set<String> FREQUENCIES = Set.of("hourly", "daily", "weekly", "monthly", "quarterly", "yearly",
            "annually");

    @Override
    public Spoken analyse(String text) {
        return analyse(text, false);
    }

    @Override
    public Spoken analyseAnswer(String text) {
        return analyse(text, true);
    }

    private Spoken analyse(String text, boolean answer) {
        List<Spoken.Token> tokens = new ArrayList<>();
        StringBuilder reading = new StringBuilder();
        for (String word : cut(Analysis.normalise(text))) {
            if (FILLERS.contains(word)) {
                continue;
            }
            String stem = stem(word);
            Spoken.Kind kind = STOP_WORDS.contains(word) || answer && INTERROGATIVES.contains(word) ? Spoken.Kind.FUNCTION
                    : CARRIERS.contains(word) ? Spoken.Kind.CARRIER : Spoken.Kind.CONTENT;
            String concept = kind == Spoken.Kind.CONTENT ? CONCEPTS.get(stem) : null;
            tokens.add(new Spoken.Token(stem, stem, kind, concept != null ? concept : stem));
            reading.append(reading.isEmpty() ? "" : " ").append(stem);
        }
        return new Spoken(tokens, Set.of(), reading.toString(), List.of());
    }

    @Override
    public boolean soundsLikeASalesPitch(String text) {
        return SALES_PITCH.matcher(Analysis.normalise(text)).find();
    }

    @Override
    public int words(String text) {
        return cut(Analysis.normalise(text)).size();
    }

    private static String stem(String word) {
        if (FREQUENCIES.contains(word)) {
            return word; // "hourly rate" asks a price, not the opening hours
        }
        if (word.endsWith("ings") && word.length() > 6) {
            return word.substring(0, word.length() - 1); // a plural "-ings" is a noun of its own: openings are not open
        }
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
