package jp.uketsuke.voicebot.faq;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.ja.JapaneseAnalyzer;
import org.apache.lucene.analysis.ja.JapaneseTokenizer;
import org.apache.lucene.analysis.ja.tokenattributes.BaseFormAttribute;
import org.apache.lucene.analysis.ja.tokenattributes.PartOfSpeechAttribute;
import org.apache.lucene.analysis.ja.tokenattributes.ReadingAttribute;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Japanese through Kuromoji: each word keyed by the folded katakana reading of its base form, so 「予約」 and
 * 「よやく」, 「来週」 and 「らいしゅう」 meet; Kuromoji's stop tags and stop words mark grammar; the reading of the whole
 * utterance gives character bigrams for the many hiragana stretches Kuromoji cannot cut.
 */
final class JapaneseAnalysis implements Analysis {

    private static final Set<String> STOP_TAGS = JapaneseAnalyzer.getDefaultStopTags();
    private static final CharArraySet STOP_WORDS = JapaneseAnalyzer.getDefaultStopSet();

    /** Hesitations and openers a caller says before the question, by folded reading. */
    private static final Set<String> FILLERS = folded("エート", "エット", "エエト", "アノー", "アノウ", "アノ", "ウーン", "ンー",
            "モシモシ", "スミマセン", "スイマセン", "アッ", "エー", "アー");

    /** Words that ask without saying about what: 教えてください, 知りたいんですが, お伺いしたい. */
    private static final Set<String> CARRIERS = folded("オシエル", "シル", "ウカガウ", "オモウ", "クダサル", "クダサイ", "ネガウ",
            "オネガイ", "イウ", "キク", "ワカル", "ホシイ", "ヨロシイ", "チョット", "ナンカ", "ソチラ", "コチラ", "オタク", "ハイ", "エエ",
            "ソノ", "イタダク", "モラウ", "クレル", "タイ", "ミタイ", "ダイジョウブ", "ナイ", "スル", "デキル", "ヤル", "イル", "アル");

    /** Fillers at the start that Kuromoji leaves inside a hiragana lump (「あのーよやくを…」). */
    private static final Pattern LEADING_FILLERS =
            Pattern.compile("^(?:えーと|えっと|ええと|えーっと|あのー*う?|すみません|すいません|もしもし|うーん|えー+|あー+)+");

    /** Polite and colloquial sentence endings left inside a hiragana stretch Kuromoji took for one unknown noun. */
    private static final Pattern ENDINGS = Pattern.compile(
            "(?:ッテ|ン|ノ)?(?:デス|デショ|マス|マセン|ダ|ナン|ナンデス|タイ|タインデス)?(?:カ|ケド|ケドモ|ガ|ネ|ヨ|ナ)*$");

    @Override
    public Spoken analyse(String text) {
        String normalised = LEADING_FILLERS.matcher(Analysis.normalise(text)).replaceFirst("");
        if (normalised.isBlank()) {
            return Spoken.NOTHING;
        }
        List<Spoken.Token> tokens = new ArrayList<>();
        List<Spoken.Spot> spots = new ArrayList<>();
        StringBuilder reading = new StringBuilder();
        StringBuilder contentReading = new StringBuilder();
        Spoken.Token previous = null;
        for (Word word : cut(normalised)) {
            String said = word.reading() != null ? word.reading() : Kana.katakana(word.surface());
            if (FILLERS.contains(Kana.fold(said)) || word.partOfSpeech().startsWith("フィラー")) {
                continue;
            }
            reading.append(said);
            String key = Kana.fold(baseReading(word));
            Spoken.Token token = new Spoken.Token(key, Kana.fold(said), kindOf(word, key));
            tokens.add(token);
            if (token.kind() == Spoken.Kind.CONTENT) {
                contentReading.append(said);
                if (distinctive(word, token.reading())) {
                    spots.add(new Spoken.Spot(token.reading(), Set.of(key)));
                }
                if (previous != null && previous.kind() == Spoken.Kind.CONTENT && !previous.key().equals(key)
                        && isKana(previous.reading()) && isKana(token.reading())) {
                    spots.add(new Spoken.Spot(previous.reading() + token.reading(), Set.of(previous.key(), key)));
                }
            }
            previous = token;
        }
        String folded = Kana.fold(reading.toString());
        String content = ENDINGS.matcher(Kana.fold(contentReading.toString())).replaceFirst("");
        return new Spoken(tokens, bigrams(content), folded, spots);
    }

    @Override
    public int words(String text) {
        return cut(Analysis.normalise(text)).size();
    }

    /**
     * Whether a word's reading can be looked for inside other text without finding it by accident: not a number,
     * pronoun or suffix (何, 時, 方), and three kana or more unless written in kanji or katakana (犬, 鍵).
     */
    private static boolean distinctive(Word word, String reading) {
        boolean dependent = word.partOfSpeech().startsWith("名詞-数") || word.partOfSpeech().startsWith("名詞-代名詞")
                || word.partOfSpeech().startsWith("名詞-接尾") || word.partOfSpeech().startsWith("名詞-非自立");
        boolean hiraganaOnly = word.surface().chars().allMatch(c -> c >= 'ぁ' && c <= 'ゖ');
        return !dependent && Kana.isKana(reading) && (reading.length() >= 3 || (reading.length() == 2 && !hiraganaOnly));
    }

    private static Spoken.Kind kindOf(Word word, String key) {
        if (STOP_TAGS.contains(word.partOfSpeech()) || STOP_WORDS.contains(word.surface())
                || STOP_WORDS.contains(word.baseForm())) {
            return Spoken.Kind.FUNCTION;
        }
        return CARRIERS.contains(key) ? Spoken.Kind.CARRIER : Spoken.Kind.CONTENT;
    }

    /**
     * The reading of a word's dictionary form: 「話し」 is read ハナシ and its base 「話す」 then ハナス, by swapping the kana
     * ending (okurigana) that inflection changed. Words without a reading (unknown to the dictionary) keep their
     * spelling in katakana.
     */
    static String baseReading(Word word) {
        String surface = word.surface();
        String base = word.baseForm();
        String reading = word.reading() != null ? word.reading() : Kana.katakana(surface);
        if (base.equals(surface)) {
            return reading;
        }
        int common = 0;
        while (common < surface.length() && common < base.length() && surface.charAt(common) == base.charAt(common)) {
            common++;
        }
        String surfaceEnding = Kana.katakana(surface.substring(common));
        String baseEnding = Kana.katakana(base.substring(common));
        if ((surfaceEnding.isEmpty() || Kana.isKana(surfaceEnding)) && Kana.isKana(baseEnding)
                && reading.endsWith(surfaceEnding)) {
            return reading.substring(0, reading.length() - surfaceEnding.length()) + baseEnding;
        }
        return Kana.isKana(base) ? Kana.katakana(base) : reading;
    }

    private static Set<String> bigrams(String reading) {
        Set<String> grams = new LinkedHashSet<>();
        if (reading.length() == 1) {
            grams.add(reading);
        }
        for (int i = 0; i + 2 <= reading.length(); i++) {
            grams.add(reading.substring(i, i + 2));
        }
        return grams;
    }

    record Word(String surface, String baseForm, String reading, String partOfSpeech) {
    }

    private static List<Word> cut(String text) {
        List<Word> words = new ArrayList<>();
        if (text.isBlank()) {
            return words;
        }
        // SEARCH mode splits compounds (駐車場 → 駐車/場), so a caller's shorter word still meets the FAQ's longer one.
        try (JapaneseTokenizer tokenizer = new JapaneseTokenizer(null, true, JapaneseTokenizer.Mode.SEARCH)) {
            CharTermAttribute term = tokenizer.addAttribute(CharTermAttribute.class);
            BaseFormAttribute base = tokenizer.addAttribute(BaseFormAttribute.class);
            ReadingAttribute reading = tokenizer.addAttribute(ReadingAttribute.class);
            PartOfSpeechAttribute pos = tokenizer.addAttribute(PartOfSpeechAttribute.class);
            tokenizer.setReader(new StringReader(text));
            tokenizer.reset();
            while (tokenizer.incrementToken()) {
                String surface = term.toString();
                if (surface.isBlank()) {
                    continue;
                }
                String partOfSpeech = pos.getPartOfSpeech() == null ? "" : pos.getPartOfSpeech();
                if (partOfSpeech.startsWith("記号")) {
                    continue;
                }
                String baseForm = base.getBaseForm() == null ? surface : base.getBaseForm();
                Word last = words.isEmpty() ? null : words.getLast();
                if (last != null && isNumber(last.surface()) && isNumber(surface)) {
                    // Kuromoji cuts 1999 into digits; as one word it tells 1999 from 199.
                    String number = last.surface() + surface;
                    words.set(words.size() - 1, new Word(number, number, null, last.partOfSpeech()));
                    continue;
                }
                words.add(new Word(surface, baseForm, reading.getReading(), partOfSpeech));
            }
            tokenizer.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String cannot fail
        }
        return words;
    }

    /** Digits and Latin letters are matched as whole words; inside a reading 199 would be found in 1999. */
    private static boolean isKana(String reading) {
        return Kana.isKana(reading);
    }

    private static boolean isNumber(String text) {
        return text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static Set<String> folded(String... readings) {
        return Stream.of(readings).map(Kana::fold).collect(Collectors.toUnmodifiableSet());
    }
}
