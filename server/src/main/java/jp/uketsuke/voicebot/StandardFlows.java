package jp.uketsuke.voicebot;

import java.util.List;

/**
 * The flow every tenant starts with, in its language: the sentences of the first version's receptionist, which
 * {@link #graph} turns into a flow graph a tenant then changes as it likes.
 */
public final class StandardFlows {

    private StandardFlows() {
    }

    /** The standard receptionist with these sentences, as a flow. */
    public static Flow graph(CallFlow sentences) {
        return ReceptionFlow.from(sentences);
    }

    public static CallFlow forLanguage(String language, List<FaqEntry> faq) {
        return language != null && language.toLowerCase().startsWith("ja") ? japanese(faq) : english(faq);
    }

    /**
     * Transfer to a staff phone's extension with the standard prompts of the language; for a number, build the
     * {@link StaffTransfer} directly.
     */
    public static StaffTransfer transferTo(String language, String extension, StaffTransfer.Mode mode,
                                           int noAnswerSeconds) {
        boolean japanese = language != null && language.toLowerCase().startsWith("ja");
        return japanese
                ? new StaffTransfer(mode, extension, null, noAnswerSeconds, '0', List.of("担当者", "オペレーター", "人と話したい"),
                        "担当者におつなぎします。そのままお待ちください。",
                        "申し訳ございません。ただいま担当者が電話に出られません。")
                : new StaffTransfer(mode, extension, null, noAnswerSeconds, '0',
                        List.of("operator", "talk to someone", "staff", "a person"),
                        "Connecting you to a member of staff. Please hold.",
                        "Sorry, nobody is available to take your call right now.");
    }

    public static CallFlow english(List<FaqEntry> faq) {
        return new CallFlow("en-US",
                "Thank you for calling. This is an automated assistant, and this call is recorded.",
                "How can I help you? You can ask about our business hours or our address, or say leave a message."
                        + " You can also press 1 for our business hours, or 2 to leave a message.",
                "Sorry, I did not catch that.",
                "Is there anything else I can help you with?",
                "Please leave your name, your number and your message after this prompt, then stay silent.",
                "Thank you. Your message has been recorded and we will get back to you.",
                "Thank you for calling. Goodbye.",
                "We are sorry, this number cannot take calls at the moment. Please try again later. Goodbye.",
                '2',
                List.of("leave a message", "message", "operator", "talk to someone"),
                List.of("no", "no thank you", "that is all", "nothing else", "goodbye"),
                faq);
    }

    public static CallFlow japanese(List<FaqEntry> faq) {
        return new CallFlow("ja-JP",
                "お電話ありがとうございます。こちらは自動応答です。この通話は録音されます。",
                "ご用件をお話しください。営業時間や所在地のお問い合わせにお答えします。伝言を残す場合は「伝言」とお話しください。"
                        + "営業時間は1を、伝言は2を押してください。",
                "申し訳ございません、聞き取れませんでした。",
                "ほかにご用件はございますか。",
                "お名前、お電話番号、ご用件をお話しください。お話が終わりましたら、そのままお待ちください。",
                "ありがとうございます。ご伝言を承りました。担当者より折り返しご連絡いたします。",
                "お電話ありがとうございました。失礼いたします。",
                "申し訳ございません。ただいまこの番号ではお電話を承っておりません。時間をおいておかけ直しください。",
                '2',
                List.of("伝言", "担当者", "オペレーター"),
                List.of("いいえ", "大丈夫です", "以上です", "ありません"),
                faq);
    }
}
