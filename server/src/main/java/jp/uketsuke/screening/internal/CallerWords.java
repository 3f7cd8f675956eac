package jp.uketsuke.screening.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.analysis.ja.JapaneseTokenizer;
import org.apache.lucene.analysis.ja.tokenattributes.BaseFormAttribute;
import org.apache.lucene.analysis.ja.tokenattributes.ReadingAttribute;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * What the classifier sees of a caller's words: hashed features. Japanese goes through Kuromoji: base forms of
 * words, pairs of them, and character n-grams of the katakana reading, so 「ご案内」 typed and 「ごあんない」 from a
 * recogniser that writes kana look alike. Other text: words, pairs and character 4-grams.
 */
final class CallerWords {

    /** 2^20 hashed dimensions: collisions among a few thousand distinct features are rare. */
    static final int DIMENSIONS = 1 << 20;
    /** A recogniser never hears more in one turn; a longer text is cut, not refused. */
    static final int MAX_CHARS = 1000;

    private CallerWords() {
    }

    /** Distinct feature indices of the text, the bias feature (0) first. */
    static int[] features(String text) {
        String s = normalise(text);
        List<String> names = new ArrayList<>();
        if (isJapanese(s)) {
            japanese(s, names);
        } else {
            english(s, names);
        }
        return names.stream().mapToInt(CallerWords::index).distinct().sorted().toArray();
    }

    /** How many words the text has: Kuromoji's for Japanese, letter and digit runs otherwise. */
    static int words(String text) {
        String s = normalise(text);
        List<String> names = new ArrayList<>();
        if (isJapanese(s)) {
            japanese(s, names);
        } else {
            english(s, names);
        }
        return (int) names.stream().filter(n -> n.startsWith("w:")).count();
    }

    static String normalise(String text) {
        if (text == null) {
            return "";
        }
        String cut = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        return Normalizer.normalize(cut, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip();
    }

    static boolean isJapanese(String s) {
        return s.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HIRAGANA
                || Character.UnicodeScript.of(c) == Character.UnicodeScript.KATAKANA
                || Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }

    private static void japanese(String s, List<String> names) {
        names.add("");
        StringBuilder reading = new StringBuilder();
        String previous = "^";
        try (JapaneseTokenizer tokenizer = new JapaneseTokenizer(null, true, JapaneseTokenizer.Mode.SEARCH)) {
            CharTermAttribute term = tokenizer.addAttribute(CharTermAttribute.class);
            BaseFormAttribute base = tokenizer.addAttribute(BaseFormAttribute.class);
            ReadingAttribute read = tokenizer.addAttribute(ReadingAttribute.class);
            tokenizer.setReader(new StringReader(s));
            tokenizer.reset();
            while (tokenizer.incrementToken()) {
                String surface = term.toString();
                String word = base.getBaseForm() != null ? base.getBaseForm() : surface;
                names.add("w:" + word);
                names.add("b:" + previous + "|" + word);
                previous = word;
                reading.append(read.getReading() != null ? read.getReading() : toKatakana(surface));
            }
            tokenizer.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        grams(reading.toString(), 2, 3, "r:", names);
    }

    private static void english(String s, List<String> names) {
        names.add("");
        String previous = "^";
        for (String word : s.split("[^\\p{L}\\p{N}']+")) {
            if (word.isEmpty()) {
                continue;
            }
            names.add("w:" + word);
            names.add("b:" + previous + "|" + word);
            previous = word;
        }
        grams(" " + s.replaceAll("[^\\p{L}\\p{N}']+", " ") + " ", 4, 4, "c:", names);
    }

    private static void grams(String text, int min, int max, String prefix, List<String> names) {
        for (int n = min; n <= max; n++) {
            for (int i = 0; i + n <= text.length(); i++) {
                names.add(prefix + text.substring(i, i + n));
            }
        }
    }

    /** Hiragana to katakana, as Kuromoji writes readings; anything else as it is. */
    static String toKatakana(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.chars().forEach(c -> out.append((char) (c >= 'ぁ' && c <= 'ゖ' ? c + ('ァ' - 'ぁ') : c)));
        return out.toString();
    }

    /** A deterministic hash (FNV-1a over the characters), the same on every JVM, into the feature space. */
    private static int index(String name) {
        if (name.isEmpty()) {
            return 0;
        }
        int h = 0x811c9dc5;
        for (int i = 0; i < name.length(); i++) {
            h ^= name.charAt(i);
            h *= 0x01000193;
        }
        return 1 + Math.floorMod(h, DIMENSIONS - 1);
    }
}
