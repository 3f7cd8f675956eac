package jp.uketsuke.demo;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import jp.uketsuke.hours.BusinessHours;
import jp.uketsuke.hours.ClosedPeriod;
import jp.uketsuke.hours.OpenInterval;
import jp.uketsuke.voicebot.CallFlow;
import jp.uketsuke.voicebot.FaqEntry;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.Node;
import jp.uketsuke.voicebot.Prompt;
import jp.uketsuke.voicebot.StandardFlows;
import jp.uketsuke.voicebot.TransferTo;

/** What the demo tenant's receptionist says and answers, for the demo set-up and for tests that call it. */
public final class DemoFlows {

    private DemoFlows() {
    }

    /** The English demo: the standard receptionist with the demo's FAQ. */
    public static CallFlow english() {
        return StandardFlows.english(faq());
    }

    /** The demo's questions: hours (also key 1), address, parking. */
    public static List<FaqEntry> faq() {
        return List.of(
                new FaqEntry("hours", List.of("what are your business hours", "business hours", "when are you open",
                        "opening hours"),
                        "We are open Monday to Friday, from nine in the morning to six in the evening.", '1'),
                new FaqEntry("address", List.of("where is your address", "address", "where are you located",
                        "where is your office"),
                        "Our office is at 1-2-3 Marunouchi, Chiyoda, Tokyo, three minutes on foot from Tokyo Station.",
                        null),
                new FaqEntry("parking", List.of("do you have parking", "parking", "where can I park"),
                        "We have no parking of our own; there are paid car parks next to the building.", null));
    }

    /**
     * The Japanese demo, a real-estate office (さくら不動産): its hours first (closed on Wednesdays, national holidays
     * and お盆 and 年末年始), then the caller's purpose, answered from a Japanese FAQ, put through to staff (key 0 or
     * 「担当者」) or taken as a message (key 2 or 「伝言」).
     */
    public static Flow japanese(String staffExtension) {
        List<String> staff = List.of("担当者", "オペレーター", "人と話したい");
        List<String> message = List.of("伝言", "折り返し");
        List<Node> nodes = List.of(
                new Node.Say("greeting", Prompt.text("お電話ありがとうございます。さくら不動産の自動応答です。"
                        + "この通話は録音されます。"), "hours"),
                new Node.Hours("hours", "ask", "after-hours", "closed-day"),
                new Node.Say("after-hours", Prompt.text("ただいま営業時間外です。営業時間は、水曜日を除く"
                        + "午前10時から午後6時までです。"), "message"),
                new Node.Say("closed-day", Prompt.text("本日は休業日です。"), "message"),
                new Node.Hear("ask", Prompt.text("ご用件をお話しください。営業時間、所在地、駐車場、内見のご予約に"
                        + "お答えします。担当者におつなぎする場合は0を、伝言は2を押してください。"), "purpose", 7,
                        "screen", "ask-again"),
                new Node.Hear("ask-again", Prompt.text("恐れ入りますが、ご用件をもう一度お話しください。"), "purpose",
                        7, "screen", "goodbye"),
                // a sales pitch asks for 「ご担当者様」 too: it is declined before the route could put it through
                new Node.Screen("screen", Prompt.text("ご用件をお話しください。"), 7,
                        Node.Screen.standardDecline("ja-JP"), null, "route"),
                new Node.Branch("route", "purpose", routes(staff, message, List.of()), "faq"),
                new Node.Faq("faq", Prompt.text("ご質問をどうぞ。"), Prompt.text("申し訳ございません、もう一度お願いします。"),
                        2, 7, "more", "message"),
                new Node.Hear("more", Prompt.text("ほかにご用件はございますか。"), "more", 7, "more-route", "goodbye"),
                new Node.Branch("more-route", "more", routes(staff, message,
                        List.of("いいえ", "以上です", "大丈夫です", "ありません")), "faq"),
                new Node.Transfer("staff", TransferTo.extension(staffExtension), Node.Transfer.Mode.BRIDGED, 20,
                        Prompt.text("担当者におつなぎします。そのままお待ちください。"),
                        Prompt.text("申し訳ございません。ただいま担当者が電話に出られません。"), "message"),
                new Node.Message("message", Prompt.text("お名前、お電話番号、ご用件をお話しください。"
                        + "お話が終わりましたら、そのままお待ちください。"), 90,
                        Prompt.text("ありがとうございます。担当者より折り返しご連絡いたします。"), "goodbye"),
                new Node.Hangup("goodbye", Prompt.text("お電話ありがとうございました。失礼いたします。")));
        return new Flow("ja-JP", "greeting", nodes, japaneseFaq(), List.of(), japaneseHours());
    }

    private static List<Node.Branch.Case> routes(List<String> staff, List<String> message, List<String> closing) {
        List<Node.Branch.Case> cases = new ArrayList<>();
        if (!closing.isEmpty()) {
            cases.add(new Node.Branch.Case(Node.Branch.Test.MENTIONS, closing, "goodbye"));
        }
        cases.add(new Node.Branch.Case(Node.Branch.Test.EQUALS, "0", "staff"));
        cases.add(new Node.Branch.Case(Node.Branch.Test.MENTIONS, staff, "staff"));
        cases.add(new Node.Branch.Case(Node.Branch.Test.EQUALS, "2", "message"));
        cases.add(new Node.Branch.Case(Node.Branch.Test.MENTIONS, message, "message"));
        return cases;
    }

    public static List<FaqEntry> japaneseFaq() {
        return List.of(
                new FaqEntry("hours", List.of("営業時間を教えてください", "何時から何時まで開いていますか", "定休日はいつですか",
                        "今日は営業していますか"), "営業時間は午前10時から午後6時まで、定休日は水曜日と祝日です。", '1'),
                new FaqEntry("address", List.of("住所を教えてください", "お店はどこにありますか", "最寄り駅はどこですか",
                        "行き方を教えてください"), "店舗は東京都世田谷区桜新町一丁目、桜新町駅から徒歩3分です。", null),
                new FaqEntry("parking", List.of("駐車場はありますか", "車で行けますか", "車を停められますか"),
                        "店舗の隣に来客用の駐車場が2台分ございます。", null),
                new FaqEntry("viewing", List.of("内見の予約をしたい", "部屋を見に行きたい", "内覧できますか",
                        "物件を見学したい"), "内見のご予約は担当者が承ります。伝言にお名前とご希望の物件をお残しください。", null),
                new FaqEntry("fees", List.of("仲介手数料はいくらですか", "初期費用はどのくらいですか", "手数料について"),
                        "仲介手数料は家賃の1か月分と消費税です。初期費用は物件によって異なります。", null));
    }

    /** 10:00-18:00 except Wednesdays; closed on national holidays, お盆 (8/13-8/16) and 年末年始 (12/28-1/4). */
    public static BusinessHours japaneseHours() {
        List<OpenInterval> day = List.of(new OpenInterval(LocalTime.of(10, 0), LocalTime.of(18, 0)));
        Map<DayOfWeek, List<OpenInterval>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d != DayOfWeek.WEDNESDAY) {
                week.put(d, day);
            }
        }
        return new BusinessHours(BusinessHours.TOKYO, week, true, List.of(
                new ClosedPeriod("お盆休み", MonthDay.of(8, 13), MonthDay.of(8, 16)),
                new ClosedPeriod("年末年始", MonthDay.of(12, 28), MonthDay.of(1, 4))), List.of());
    }
}
