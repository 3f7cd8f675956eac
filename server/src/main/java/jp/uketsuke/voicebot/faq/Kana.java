package jp.uketsuke.voicebot.faq;

/**
 * Spellings of Japanese sounds brought to one form, so that what a recogniser writes in hiragana meets what the
 * FAQ writes in kanji (through Kuromoji's katakana readings) or katakana.
 */
final class Kana {

    private static final String A_ROW = "アカサタナハマヤラワガザダバパャァ";
    private static final String I_ROW = "イキシチニヒミリギジヂビピィ";
    private static final String U_ROW = "ウクスツヌフムユルグズヅブプュゥヴ";
    private static final String E_ROW = "エケセテネヘメレゲゼデベペェ";
    private static final String O_ROW = "オコソトノホモヨロヲゴゾドボポョォ";

    private Kana() {
    }

    /** Hiragana turned into katakana; everything else kept. */
    static String katakana(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c >= 'ぁ' && c <= 'ゖ' ? (char) (c + ('ァ' - 'ぁ')) : c);
        }
        return out.toString();
    }

    static boolean isKana(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> (c >= 'ぁ' && c <= 'ゖ') || (c >= 'ァ' && c <= 'ヺ') || c == 'ー');
    }

    /**
     * A katakana reading with vowel length and old spellings folded: 「エイギョウ」「えーぎょー」 both become 「エギョ」.
     * Callers and recognisers lengthen vowels in ways the dictionary does not, and matching needs no length.
     */
    static String fold(String reading) {
        String katakana = katakana(reading);
        StringBuilder out = new StringBuilder(katakana.length());
        char previousVowel = 0;
        for (int i = 0; i < katakana.length(); i++) {
            char c = switch (katakana.charAt(i)) {
                case 'ヴ' -> 'ブ';
                case 'ヂ' -> 'ジ';
                case 'ヅ' -> 'ズ';
                case 'ヲ' -> 'オ';
                case 'ヮ' -> 'ワ';
                default -> katakana.charAt(i);
            };
            if (c == 'ー' || c == '〜' || c == '~') {
                continue;
            }
            char vowel = vowelOf(c);
            boolean lengthens = previousVowel != 0 && isPlainVowel(c)
                    && (vowel == previousVowel || (c == 'ウ' && previousVowel == 'オ') || (c == 'イ' && previousVowel == 'エ'));
            if (lengthens) {
                continue;
            }
            out.append(c);
            previousVowel = vowel;
        }
        return out.toString();
    }

    private static boolean isPlainVowel(char c) {
        return "アイウエオ".indexOf(c) >= 0;
    }

    private static char vowelOf(char c) {
        if (A_ROW.indexOf(c) >= 0) {
            return 'ア';
        }
        if (I_ROW.indexOf(c) >= 0) {
            return 'イ';
        }
        if (U_ROW.indexOf(c) >= 0) {
            return 'ウ';
        }
        if (E_ROW.indexOf(c) >= 0) {
            return 'エ';
        }
        if (O_ROW.indexOf(c) >= 0) {
            return 'オ';
        }
        return 0;
    }
}
