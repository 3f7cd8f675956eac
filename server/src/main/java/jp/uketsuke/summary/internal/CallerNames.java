package jp.uketsuke.summary.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jp.uketsuke.summary.Summary;

/**
 * The name a caller introduced themselves with: 「山田と申します」「山田です」「ABC商事の田中です」, "this is John Smith",
 * "my name is John Smith". Words that only look like a name in those places (「予約です」, "this is urgent") are not.
 */
final class CallerNames {

    private static final String JA_NAME = "([\\p{IsHan}\\p{IsKatakana}ー]{1,10}(?:[ 　]?[\\p{IsHan}\\p{IsKatakana}ー]{1,10})?)";
    /** 「山田と申します」 anywhere; 「…の田中です」 after an organisation; 「山田です」 only opening a sentence. */
    private static final Pattern JA_MOUSHIMASU = Pattern.compile(
            "(?:^|[、。,.!?！？\\s]|の|は|で|が)" + JA_NAME + "(?:と申します|ともうします|と申し上げます|といいます|と言います)", Pattern.MULTILINE);
    private static final Pattern JA_DESU = Pattern.compile(
            "(?:^|[、。.!?！？\\n]|(?:会社|商事|工業|銀行|病院|事務所|[\\p{L}]社)の)\\s*" + JA_NAME + "(?:です|でございます)(?:[。、,.!?！？\\s]|が|けど|$)", Pattern.MULTILINE);
    private static final Pattern EN = Pattern.compile(
            "\\b(?:my name is|my name's|this is|it's|i am|i'm)\\s+(?:mr\\.?|mrs\\.?|ms\\.?|miss|dr\\.?)?\\s*"
                    + "([a-z][a-z'-]*(?:\\s+[a-z][a-z'-]*){0,2})", Pattern.CASE_INSENSITIVE);
    /** Words that end an English name ("this is John from ACME"). */
    private static final Set<String> EN_STOP = words("from of at with and calling speaking here again i i'm about "
            + "regarding for to on in the a an please so just");
    /** Words that follow "this is" / "I'm" and are not a name. */
    private static final Set<String> EN_NOT_NAMES = words("a an the about regarding urgent important not calling "
            + "just really very so it my your our to in on for trying looking wondering afraid sorry interested "
            + "sure fine good okay ok here there concerning re going having still also available free busy me actually "
            + "glad happy hoping phoning ringing back out away home late done new no yes");
    /** Words that sit where a Japanese name would: 「予約です」「確認です」. */
    private static final Set<String> JA_NOT_NAMES = Set.of("予約", "確認", "伝言", "苦情", "営業", "用件", "電話", "至急",
            "大丈夫", "結構", "以上", "本日", "明日", "今日", "午前", "午後", "午前中", "夕方", "問い合わせ", "質問", "相談", "担当",
            "担当者", "変更", "キャンセル", "本人", "私", "わたくし", "失礼", "宜", "折り返し", "急ぎ");

    private CallerNames() {
    }

    static Optional<String> find(String text) {
        String s = SpokenNumbers.widthNormalised(text);
        for (Pattern p : new Pattern[] {JA_MOUSHIMASU, JA_DESU}) {
            Matcher m = p.matcher(s);
            while (m.find()) {
                String name = m.group(1).replace('　', ' ').strip();
                if (!JA_NOT_NAMES.contains(name) && !name.startsWith("お") && !name.matches(".*[日曜時分月件様頃]")
                        && valid(name)) {
                    return Optional.of(name);
                }
            }
        }
        Matcher m = EN.matcher(s);
        while (m.find()) {
            StringBuilder name = new StringBuilder();
            for (String word : m.group(1).split("\\s+")) {
                String lower = word.toLowerCase(Locale.ROOT);
                if (EN_STOP.contains(lower) || name.isEmpty() && EN_NOT_NAMES.contains(lower)) {
                    break;
                }
                name.append(name.isEmpty() ? "" : " ").append(Character.toUpperCase(lower.charAt(0))).append(lower.substring(1));
            }
            if (!name.isEmpty() && valid(name.toString())) {
                return Optional.of(name.toString());
            }
        }
        return Optional.empty();
    }

    private static boolean valid(String name) {
        return name.length() <= Summary.MAX_NAME_CHARS && name.matches("[\\p{L}\\p{M}ー・ .'-]+");
    }

    private static Set<String> words(String list) {
        return Arrays.stream(list.split(" ")).collect(Collectors.toUnmodifiableSet());
    }
}
