package jp.uketsuke.demo;

import java.util.List;
import jp.uketsuke.voicebot.CallFlow;
import jp.uketsuke.voicebot.FaqEntry;
import jp.uketsuke.voicebot.StandardFlows;

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
}
