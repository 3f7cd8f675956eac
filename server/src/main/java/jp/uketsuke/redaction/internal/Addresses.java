package jp.uketsuke.redaction.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.uketsuke.redaction.Kind;

/**
 * Postal codes and Japanese addresses. A postal code is certain after "〒" or "郵便番号", and "123-4567" is one when an
 * address follows it; the address after a postal code is masked with it. An address without one is recognised by
 * its shape: (prefecture) municipality (市区町村, 郡) town, down to a block number (1丁目2番3号, 1-2-3, 二丁目).
 * A prefecture or city alone ("大阪市の店舗") is not personal data and stays.
 */
final class Addresses {

    private static final String PREFECTURE = "(?:北海道|東京都|京都府|大阪府|(?:青森|岩手|宮城|秋田|山形|福島|茨城|栃木|群馬|埼玉"
            + "|千葉|神奈川|新潟|富山|石川|福井|山梨|長野|岐阜|静岡|愛知|三重|滋賀|兵庫|奈良|和歌山|鳥取|島根|岡山|広島|山口|徳島|香川|愛媛|高知"
            + "|福岡|佐賀|長崎|熊本|大分|宮崎|鹿児島|沖縄)県)";
    private static final String KANJI_KANA = "\\p{IsHan}々〆ヶ\\p{IsKatakana}ー";
    private static final String DASH = "[-‐‑‒–—―−ー－]";
    private static final String NUM = "[0-9〇一二三四五六七八九十百零]{1,5}";
    private static final String DIGIT = "[0-9〇一二三四五六七八九零]";
    /** After a prefecture a municipality may be written in kana ("さいたま市"); without one, kana would run into the sentence. */
    private static final String MUNICIPALITY_AFTER_PREFECTURE = "[" + KANJI_KANA + "\\p{IsHiragana}]{1,10}?[市区町村郡](?:["
            + KANJI_KANA + "]{1,6}?[市区町村])?";
    private static final String MUNICIPALITY = "[" + KANJI_KANA + "]{1,6}?[市区町村](?:[" + KANJI_KANA + "]{1,6}?[区町村])?";
    private static final String PLACE = "(?:" + PREFECTURE + MUNICIPALITY_AFTER_PREFECTURE + "|" + PREFECTURE + "?" + MUNICIPALITY + ")";
    private static final String TOWN = "[" + KANJI_KANA + "\\p{IsHiragana}0-9]{0,12}?";
    /** 2丁目, 2丁目3-4, 2番地, 1-2-3, 1の2, 3番5号, 1-2-3-405: one number with 丁目/番地, or two or more. */
    private static final String BLOCK = "(?:" + NUM + "(?:丁目|番地)(?:" + NUM + "(?:番地|番|号|の|" + DASH + ")?){0,3}"
            + "|" + NUM + "(?:番|の|" + DASH + ")" + NUM + "(?:(?:番地|番|号|の|" + DASH + ")" + NUM + "){0,2}(?:番地|番|号)?)";
    private static final Pattern BLOCK_NUMBER = Pattern.compile(BLOCK);
    private static final Pattern ADDRESS = Pattern.compile(PLACE + TOWN + BLOCK);
    /** After a postal code: an address, or at least its place and town when no block number is said. */
    private static final Pattern AFTER_POSTAL_CODE = Pattern.compile("[ \\t]?(?:" + PLACE + TOWN + BLOCK + "|(?:" + PLACE + "|"
            + PREFECTURE + ")[" + KANJI_KANA + "の0-9]{0,20})");
    private static final Pattern POSTAL_CODE = Pattern.compile("(?:〒|郵便番号(?:は|:)?)[ \\t]?" + DIGIT + "{3}" + DASH + "?"
            + DIGIT + "{4}(?!" + DIGIT + ")");
    private static final Pattern POSTAL_CODE_BEFORE_ADDRESS = Pattern.compile("(?<!" + DIGIT + "|" + DASH + ")" + DIGIT + "{3}"
            + DASH + DIGIT + "{4}(?!" + DIGIT + "|" + DASH + ")(?=[ \\t]?(?:" + PREFECTURE + "|" + MUNICIPALITY + "))");
    /** How far before a block number the start of its address is looked for. */
    private static final int LOOK_BACK = 40;

    private Addresses() {
    }

    /** @param folded the text with full-width forms folded ({@link Width#fold(String)}) */
    static List<Detected> detect(String folded) {
        List<Detected> found = new ArrayList<>();
        postalCodes(folded, POSTAL_CODE, found);
        postalCodes(folded, POSTAL_CODE_BEFORE_ADDRESS, found);
        // anchored on block numbers, which are rare, so the costly pattern runs over a few short windows only
        Matcher block = BLOCK_NUMBER.matcher(folded);
        Matcher address = ADDRESS.matcher(folded);
        int covered = 0;
        while (block.find()) {
            if (block.start() < covered) {
                continue;
            }
            address.region(Math.max(covered, block.start() - LOOK_BACK), Math.min(folded.length(), block.end() + 8));
            while (address.find()) {
                if (address.end() > block.start() && address.start() < block.end()) {
                    found.add(new Detected(Kind.POSTAL_ADDRESS, address.start(), address.end(), ""));
                    covered = address.end();
                    break;
                }
            }
        }
        return found;
    }

    private static void postalCodes(String folded, Pattern pattern, List<Detected> found) {
        Matcher code = pattern.matcher(folded);
        Matcher after = AFTER_POSTAL_CODE.matcher(folded);
        while (code.find()) {
            int end = code.end();
            after.region(end, Math.min(folded.length(), end + 80));
            if (after.lookingAt()) {
                end = after.end();
            }
            found.add(new Detected(Kind.POSTAL_ADDRESS, code.start(), end, ""));
        }
    }
}
