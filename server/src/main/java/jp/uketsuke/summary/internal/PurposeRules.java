package jp.uketsuke.summary.internal;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.summary.PurposeCategory;
import jp.uketsuke.summary.Urgency;

/**
 * Purpose category and urgency from keywords, Japanese and English. The purpose the caller stated (用件) counts twice;
 * how the call ended decides when nothing was said: a blocked call was a sales call, a message is a message.
 */
final class PurposeRules {

    /** When two categories score the same, the one that needs staff's attention more wins. */
    private static final List<PurposeCategory> PRIORITY = List.of(PurposeCategory.COMPLAINT, PurposeCategory.APPOINTMENT,
            PurposeCategory.CALLBACK, PurposeCategory.SALES, PurposeCategory.INQUIRY, PurposeCategory.MESSAGE);
    private static final Map<PurposeCategory, Pattern> KEYWORDS = new EnumMap<>(Map.of(
            PurposeCategory.COMPLAINT, words("苦情|クレーム|不満|困って|困り|壊れ|故障|返金|納得|ひどい|対応が悪|謝罪|"
                    + "complain|complaint|refund|broken|unacceptable|disappointed|terrible|not happy"),
            PurposeCategory.APPOINTMENT, words("予約|日程|来店|来院|受診|診察|キャンセル|取り消し|空き|"
                    + "appointment|booking|book a|reservation|reserve|reschedule|cancel"),
            PurposeCategory.CALLBACK, words("折り返し|折返し|かけ直し|掛け直し|電話を?ください|電話いただけ|電話をいただき|連絡をください|"
                    + "ご連絡いただけ|call me back|call back|callback|give me a call|get back to me|return my call"),
            PurposeCategory.SALES, words("ご案内でお電話|ご担当者様|ご提案|弊社の|営業のお電話|コスト削減|キャンペーンのご案内|"
                    + "we offer|special offer|resources for your business|person in charge|our services|save money on"),
            PurposeCategory.INQUIRY, words("問い合わせ|問合せ|質問|聞きたい|お聞きし|伺いたい|教えて|知りたい|営業時間|料金|"
                    + "いくら|値段|場所|駐車場|在庫|question|inquiry|enquiry|ask about|how much|opening hours|"
                    + "do you have|are you open|information"),
            PurposeCategory.MESSAGE, words("伝言|伝えて|お伝え|言付け|ことづけ|message|let .{1,20} know|tell .{1,20} that")));
    private static final Pattern URGENT = words("至急|大至急|急ぎ|急いで|早急|緊急|今日中|本日中|今すぐ|早めに|"
            // すぐ only as a request: 「すぐ近く」 is no hurry
            + "すぐ(?:に)?(?:ご?連絡|お?電話|折り返|来て|対応|お願い|確認)|"
            + "urgent|urgently|as soon as possible|asap|emergency|right away|immediately");
    /** Said to play it down: 「急ぎではありません」, "not urgent", "no rush". */
    private static final Pattern NOT_URGENT = words("急ぎではな|急ぎじゃな|急ぎません|急ぎでは(?:ありません|ございません)|"
            + "急ぎの用ではな|いつでも(?:構いません|大丈夫|いいです)|not urgent|no rush|no hurry|whenever");

    private PurposeRules() {
    }

    static PurposeCategory category(String callerText, String purpose, CallOutcome outcome) {
        if (outcome == CallOutcome.BLOCKED) {
            return PurposeCategory.SALES;
        }
        Map<PurposeCategory, Integer> scores = new EnumMap<>(PurposeCategory.class);
        for (PurposeCategory c : PRIORITY) {
            int score = count(KEYWORDS.get(c), callerText) + 2 * count(KEYWORDS.get(c), purpose);
            if (score > 0) {
                scores.put(c, score);
            }
        }
        if (scores.isEmpty()) {
            return switch (outcome) {
                case MESSAGE_TAKEN -> PurposeCategory.MESSAGE;
                case FAQ_ANSWERED -> PurposeCategory.INQUIRY;
                case null, default -> PurposeCategory.OTHER;
            };
        }
        int best = scores.values().stream().max(Integer::compare).orElseThrow();
        return PRIORITY.stream().filter(c -> scores.getOrDefault(c, 0) == best).findFirst().orElseThrow();
    }

    static Urgency urgency(String text) {
        String s = text.toLowerCase(Locale.ROOT);
        if (NOT_URGENT.matcher(s).find()) {
            s = NOT_URGENT.matcher(s).replaceAll(" ");
            s = s.replaceAll("急ぎ", "");
        }
        return URGENT.matcher(s).find() ? Urgency.HIGH : Urgency.NORMAL;
    }

    private static int count(Pattern p, String text) {
        return text == null ? 0 : (int) p.matcher(text.toLowerCase(Locale.ROOT)).results().count();
    }

    private static Pattern words(String alternatives) {
        return Pattern.compile("(?:" + alternatives + ")");
    }
}
