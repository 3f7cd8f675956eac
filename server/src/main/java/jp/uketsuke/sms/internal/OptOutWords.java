package jp.uketsuke.sms.internal;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * Replies that ask for no more messages: the words carriers and Twilio honour in English, and the Japanese ones
 * people write. The whole reply is the word (as Twilio's own opt-out handling reads it), in any width or case, with
 * spaces and a closing 。 or ! ignored — "停止します" in a longer sentence is not taken as one.
 */
final class OptOutWords {

    private static final Set<String> WORDS = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT",
            "OPTOUT", "REVOKE", "停止", "配信停止", "送信停止", "配信解除", "解除", "ストップ", "中止", "不要",
            "受信拒否", "停止してください", "配信停止してください");

    private OptOutWords() {
    }

    static boolean isOptOut(String reply) {
        if (reply == null || reply.length() > 100) {
            return false;
        }
        String s = Normalizer.normalize(reply, Normalizer.Form.NFKC).strip().toUpperCase(Locale.ROOT)
                .replaceAll("[\\s。.!！、]+$", "").replaceAll("[\\s\\-_]", "");
        return WORDS.contains(s);
    }
}
