package jp.uketsuke.voicebot.internal;

import java.time.Duration;
import java.util.List;
import jp.uketsuke.tenancy.PhoneNumbers;
import jp.uketsuke.voicebot.Heard;
import jp.uketsuke.voicebot.Listening;
import jp.uketsuke.voicebot.Node;
import jp.uketsuke.voicebot.Prompt;
import jp.uketsuke.voicebot.SmsLink;
import jp.uketsuke.voicebot.TextDestination;
import jp.uketsuke.voicebot.TextMessaging;

/**
 * Offers a link by SMS: asks consent (1 yes, 2 no), takes the caller's own number when it is a mobile one, else
 * has them key one in (ending with #), reads it back digit by digit and asks them to confirm; a number that cannot
 * take a text (landline, free dial, navi dial, premium rate) is refused with a prompt that says so, and asked again.
 * The message is queued, never waited for: the call goes on. The transcript notes what happened, the number masked.
 */
final class SmsStep implements Step<Node.Sms> {

    /** Tries at consent, and at keying in a number. */
    static final int ATTEMPTS = 2;
    private static final Listening KEY = new Listening(List.of(), Duration.ofSeconds(7));
    /** Between two keys of a number: a caller who stops for this long has finished. */
    private static final Listening NEXT_KEY = new Listening(List.of(), Duration.ofSeconds(5));
    private static final int MAX_DIGITS = 13;

    @Override
    public String run(Node.Sms node, Conversation call) throws InterruptedException {
        SmsWords words = SmsWords.of(call.flow().language());
        String fallback = node.failed() != null ? node.failed() : node.next();
        Boolean consent = consent(node, call, words);
        call.takeUnanswered(); // the keys pressed here answer this node, no FAQ
        if (consent == null) {
            return null;
        }
        if (!consent) {
            call.set("sms", "declined");
            call.line().note("[SMS declined]");
            return node.next();
        }
        String own = call.facts().callerNumber();
        String destination = own != null && TextDestination.of(own) == TextDestination.MOBILE ? own
                : keyedNumber(node, call, words);
        call.takeUnanswered();
        if (destination == null) {
            if (!call.line().isActive()) {
                return null;
            }
            call.set("sms", "failed");
            call.line().note("[SMS not sent: no mobile number was given]");
            call.say(words.notSent());
            return fallback;
        }
        String text = SmsLink.message(node.text(), words.defaultText(), node.url());
        TextMessaging.Queued queued = call.services().texts().send(call.facts(), destination, text);
        String masked = PhoneNumbers.mask(destination);
        if (queued.accepted()) {
            call.set("sms", "queued");
            call.line().note("[SMS to " + masked + " queued" + (queued.reason() == null ? "" : " (" + queued.reason()
                    + ")") + ": " + text + "]");
            call.say(node.sent() != null ? node.sent() : words.sent());
            return node.next();
        }
        call.set("sms", "failed");
        call.line().note("[SMS to " + masked + " not sent: " + queued.reason() + "]");
        call.say(words.notSent());
        return fallback;
    }

    /** True on 1, false on 2 or no answer; null when the caller hung up. */
    private static Boolean consent(Node.Sms node, Conversation call, SmsWords words) throws InterruptedException {
        Prompt ask = node.prompt() != null ? node.prompt() : words.consent();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Heard heard = call.listen(ask, KEY);
            if (heard instanceof Heard.Ended) {
                return null;
            }
            if (heard instanceof Heard.Key key && key.digit() == '1') {
                return true;
            }
            if (heard instanceof Heard.Key key && key.digit() == '2') {
                return false;
            }
        }
        return false;
    }

    /** A mobile number keyed in and confirmed, or null after {@link #ATTEMPTS} tries (or when the caller left). */
    private static String keyedNumber(Node.Sms node, Conversation call, SmsWords words) throws InterruptedException {
        Prompt ask = node.askNumber() != null ? node.askNumber() : words.askNumber();
        for (int attempt = 0; attempt < ATTEMPTS && call.line().isActive(); attempt++) {
            String digits = digits(call, ask);
            if (digits == null) {
                return null;
            }
            TextDestination kind = TextDestination.of(digits);
            if (kind != TextDestination.MOBILE) {
                call.line().note("[SMS: the number keyed in is " + describe(kind) + "; refused]");
                call.say(words.notMobile(kind));
                continue;
            }
            call.say(words.readBackIntro());
            for (char d : digits.toCharArray()) {
                call.say(words.digit(d));
            }
            Heard confirmed = call.listen(words.confirm(), KEY);
            if (confirmed instanceof Heard.Ended) {
                return null;
            }
            if (confirmed instanceof Heard.Key key && key.digit() == '1') {
                return digits;
            }
        }
        return null;
    }

    /** Keys until # (or a pause after some), * starts again; null when the caller hung up. */
    private static String digits(Conversation call, Prompt ask) throws InterruptedException {
        StringBuilder digits = new StringBuilder();
        Heard heard = call.listen(ask, KEY);
        while (true) {
            switch (heard) {
                case Heard.Ended ended -> {
                    return null;
                }
                case Heard.Silence silence -> {
                    return digits.toString();
                }
                case Heard.Words spoken -> {
                    return digits.toString(); // numbers are keyed, not said: what was keyed so far is checked
                }
                case Heard.Key key -> {
                    if (key.digit() == '#') {
                        return digits.toString();
                    }
                    if (key.digit() == '*') {
                        digits.setLength(0);
                    } else if (digits.length() < MAX_DIGITS) {
                        digits.append(key.digit());
                    }
                }
            }
            heard = call.listenOn(NEXT_KEY);
        }
    }

    private static String describe(TextDestination kind) {
        return switch (kind) {
            case LANDLINE -> "a landline";
            case IP_PHONE -> "an IP phone (050)";
            case FREE_DIAL -> "a free-dial number";
            case NAVI_DIAL -> "a navi-dial number";
            case PREMIUM -> "a premium-rate number";
            case NOT_A_NUMBER -> "not a phone number";
            case MOBILE -> "a mobile";
        };
    }
}
