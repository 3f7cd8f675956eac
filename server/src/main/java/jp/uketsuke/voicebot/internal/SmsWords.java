package jp.uketsuke.voicebot.internal;

import jp.uketsuke.voicebot.Prompt;
import jp.uketsuke.voicebot.TextDestination;

/**
 * What an sms node says when the flow leaves a prompt out, in Japanese or English. Digits are read back one prompt
 * each, so no prompt holds a caller's number (prompts are cached as audio and shared by calls).
 */
record SmsWords(Prompt consent, Prompt askNumber, Prompt readBackIntro, Prompt confirm, Prompt sent, Prompt notSent,
                Prompt notMobileNumber, Prompt notThatKind, String defaultText, String[] digits) {

    private static final SmsWords JAPANESE = new SmsWords(
            Prompt.text("ホームページのご案内をSMSでお送りします。よろしければ1を、不要でしたら2を押してください。"),
            Prompt.text("SMSを受け取る携帯電話の番号を押して、最後にシャープを押してください。"),
            Prompt.text("ご入力の番号は、"),
            Prompt.text("です。よろしければ1を、入力し直す場合は2を押してください。"),
            Prompt.text("SMSをお送りしました。"),
            Prompt.text("申し訳ございません。SMSをお送りできませんでした。"),
            Prompt.text("固定電話などの番号にはSMSをお送りできません。070、080、090で始まる携帯電話の番号をお願いします。"),
            Prompt.text("フリーダイヤルやナビダイヤルなどの番号にはSMSをお送りできません。070、080、090で始まる携帯電話の番号をお願いします。"),
            "ご案内のページはこちらです。 {url}",
            new String[] {"ゼロ", "イチ", "ニー", "サン", "ヨン", "ゴー", "ロク", "ナナ", "ハチ", "キュー"});

    private static final SmsWords ENGLISH = new SmsWords(
            Prompt.text("We can send you a link to our web page by text message. Press 1 to receive it, or 2 if you "
                    + "do not need it."),
            Prompt.text("Please key in the mobile number to send it to, then press the hash key."),
            Prompt.text("You entered"),
            Prompt.text("If this is right, press 1. To enter it again, press 2."),
            Prompt.text("We have sent you a text message."),
            Prompt.text("Sorry, we could not send you a text message."),
            Prompt.text("We cannot send a text message to a landline. Please key in a mobile number starting with "
                    + "070, 080 or 090."),
            Prompt.text("We cannot send a text message to that number. Please key in a mobile number starting with "
                    + "070, 080 or 090."),
            "Here is the link to our page: {url}",
            new String[] {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"});

    static SmsWords of(String language) {
        return language != null && language.toLowerCase(java.util.Locale.ROOT).startsWith("ja") ? JAPANESE : ENGLISH;
    }

    Prompt digit(char d) {
        return Prompt.text(digits[d - '0']);
    }

    Prompt notMobile(TextDestination kind) {
        return kind == TextDestination.LANDLINE || kind == TextDestination.IP_PHONE
                || kind == TextDestination.NOT_A_NUMBER ? notMobileNumber : notThatKind;
    }
}
