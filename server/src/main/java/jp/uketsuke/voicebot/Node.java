package jp.uketsuke.voicebot;

import static jp.uketsuke.voicebot.NodeChecks.bounded;
import static jp.uketsuke.voicebot.NodeChecks.checkId;
import static jp.uketsuke.voicebot.NodeChecks.checkPhrases;
import static jp.uketsuke.voicebot.NodeChecks.checkTarget;
import static jp.uketsuke.voicebot.NodeChecks.clip;
import static jp.uketsuke.voicebot.NodeChecks.invalid;
import static jp.uketsuke.voicebot.NodeChecks.present;
import static jp.uketsuke.voicebot.NodeChecks.require;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import jp.uketsuke.tenancy.PhoneNumbers;

/**
 * One step of a tenant's call flow (F9). A flow is a graph of these, each naming the nodes it may go to next; the
 * engine has one handler per type. Each record checks its own fields (a clear message for each); how they connect
 * is checked by {@link FlowValidator}. Later kinds (outbound) join the sealed set.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Node.Say.class, name = "say"),
        @JsonSubTypes.Type(value = Node.Menu.class, name = "menu"),
        @JsonSubTypes.Type(value = Node.Hours.class, name = "hours"),
        @JsonSubTypes.Type(value = Node.Caller.class, name = "caller"),
        @JsonSubTypes.Type(value = Node.Hear.class, name = "hear"),
        @JsonSubTypes.Type(value = Node.Faq.class, name = "faq"),
        @JsonSubTypes.Type(value = Node.Transfer.class, name = "transfer"),
        @JsonSubTypes.Type(value = Node.Message.class, name = "message"),
        @JsonSubTypes.Type(value = Node.Branch.class, name = "branch"),
        @JsonSubTypes.Type(value = Node.Goto.class, name = "goto"),
        @JsonSubTypes.Type(value = Node.Hangup.class, name = "hangup"),
        @JsonSubTypes.Type(value = Node.Sms.class, name = "sms"),
        @JsonSubTypes.Type(value = Node.Screen.class, name = "screen")})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface Node {

    Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,39}");
    /** Where a captured value is kept: {@code purpose}, or a name of the tenant's choosing. */
    Pattern VARIABLE = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    String id();

    /** The nodes this one may go to, in the order the console shows them. */
    @JsonIgnore
    List<String> targets();

    /** What this node may say. */
    @JsonIgnore
    List<Prompt> prompts();

    /** The type's name in the flow's JSON. */
    @JsonIgnore
    default String type() {
        return getClass().getAnnotation(TypeName.class).value();
    }

    /** Says something, then goes on. */
    @TypeName("say")
    record Say(String id, Prompt prompt, String next) implements Node {
        public Say {
            id = checkId(id);
            require(prompt, id, "its prompt");
            next = checkTarget(next, id, "next");
        }

        @Override
        public List<String> targets() {
            return present(next);
        }

        @Override
        public List<Prompt> prompts() {
            return List.of(prompt);
        }
    }

    /**
     * Offers choices by key or by voice. Silence and an unknown choice are asked again {@code retries} times, then
     * go to {@code noInput} / {@code noMatch}.
     */
    @TypeName("menu")
    record Menu(String id, Prompt prompt, List<Option> options, Integer retries, Integer timeoutSeconds,
                Prompt retryPrompt, String noInput, String noMatch) implements Node {

        public static final int MAX_OPTIONS = 12;

        public Menu {
            id = checkId(id);
            require(prompt, id, "its prompt");
            options = Flow.entries(require(options, id, "options"), "option");
            if (options.isEmpty() || options.size() > MAX_OPTIONS) {
                throw invalid(id, "a menu has 1 to " + MAX_OPTIONS + " options");
            }
            Set<String> digits = new HashSet<>();
            for (Option o : options) {
                if (o.digit() != null && !digits.add(o.digit())) {
                    throw invalid(id, "the key " + o.digit() + " is used by two options");
                }
            }
            retries = bounded(retries, 2, 0, 5, id, "retries");
            timeoutSeconds = bounded(timeoutSeconds, 7, 1, 30, id, "timeoutSeconds");
            noInput = checkTarget(noInput, id, "noInput");
            noMatch = checkTarget(noMatch, id, "noMatch");
        }

        @Override
        public List<String> targets() {
            List<String> t = new ArrayList<>();
            options.forEach(o -> t.add(o.next()));
            t.addAll(present(noInput, noMatch));
            return t;
        }

        @Override
        public List<Prompt> prompts() {
            return retryPrompt == null ? List.of(prompt) : List.of(prompt, retryPrompt);
        }

        /** One choice: a key, words callers say for it, or both. */
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        public record Option(String digit, List<String> phrases, String next) {
            public Option {
                digit = digit == null || digit.isBlank() ? null : digit.strip();
                if (digit != null && !KEYS.matcher(digit).matches()) {
                    throw new IllegalArgumentException("a menu key is one of 0-9, * or #, not '" + clip(digit) + "'");
                }
                phrases = checkPhrases(phrases);
                if (digit == null && phrases.isEmpty()) {
                    throw new IllegalArgumentException("a menu option needs a key or words to say");
                }
                next = Objects.requireNonNull(checkTarget(next, "option " + (digit == null ? phrases.get(0) : digit),
                        "next"), "a menu option needs a next node");
            }
        }
    }

    /** Branches on the tenant's business hours at the moment of the call. */
    @TypeName("hours")
    record Hours(String id, String open, String closed, String holiday) implements Node {
        public Hours {
            id = checkId(id);
            open = require(checkTarget(open, id, "open"), id, "open");
            closed = require(checkTarget(closed, id, "closed"), id, "closed");
            holiday = checkTarget(holiday, id, "holiday");
        }

        @Override
        public List<String> targets() {
            return present(open, closed, holiday);
        }

        @Override
        public List<Prompt> prompts() {
            return List.of();
        }
    }

    /**
     * Branches on who is calling: a withheld number (非通知), one of the tenant's VIPs, one on its list, anyone
     * else. A caller ID is a claim, never proof of identity (S4): these branches decide routing, never disclosure.
     */
    @TypeName("caller")
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Caller(String id, String anonymous, String vip, String listed, String other, List<String> vipNumbers,
                  List<String> listedNumbers) implements Node {

        public static final int MAX_NUMBERS = 1000;

        public Caller {
            id = checkId(id);
            other = require(checkTarget(other, id, "other"), id, "other");
            anonymous = checkTarget(anonymous, id, "anonymous");
            vip = checkTarget(vip, id, "vip");
            listed = checkTarget(listed, id, "listed");
            vipNumbers = numbers(vipNumbers, id, "vipNumbers");
            listedNumbers = numbers(listedNumbers, id, "listedNumbers");
        }

        @Override
        public List<String> targets() {
            return present(anonymous, vip, listed, other);
        }

        @Override
        public List<Prompt> prompts() {
            return List.of();
        }

        private static List<String> numbers(List<String> given, String node, String field) {
            if (given == null) {
                return List.of();
            }
            if (given.size() > MAX_NUMBERS) {
                throw invalid(node, field + " holds at most " + MAX_NUMBERS + " numbers");
            }
            List<String> normalised = new ArrayList<>();
            for (String n : given) {
                String digits = n == null ? null : PhoneNumbers.normalise(n);
                if (digits == null || !digits.matches("\\+?[0-9]{4,20}")) {
                    // the number itself is personal data: the message says where, not what
                    throw invalid(node, field + " holds something that is not a phone number (entry "
                            + (normalised.size() + 1) + ")");
                }
                normalised.add(digits);
            }
            return List.copyOf(normalised);
        }
    }

    /** Asks the caller's purpose (用件) and keeps what they say under {@code into}, for FAQ, branches and the record. */
    @TypeName("hear")
    record Hear(String id, Prompt prompt, String into, Integer timeoutSeconds, String next, String silence)
            implements Node {
        public Hear {
            id = checkId(id);
            require(prompt, id, "its prompt");
            into = into == null || into.isBlank() ? "purpose" : into.strip();
            if (!VARIABLE.matcher(into).matches()) {
                throw invalid(id, "a value's name is lower-case letters, digits and _");
            }
            timeoutSeconds = bounded(timeoutSeconds, 7, 1, 30, id, "timeoutSeconds");
            next = require(checkTarget(next, id, "next"), id, "next");
            silence = checkTarget(silence, id, "silence");
        }

        @Override
        public List<String> targets() {
            return present(next, silence);
        }

        @Override
        public List<Prompt> prompts() {
            return List.of(prompt);
        }
    }

    /**
     * Answers from the flow's FAQ (F3): the purpose already heard when there is one, else it asks {@code prompt}.
     * Below the confidence threshold it asks again up to {@code attempts} times, then goes to {@code unanswered}.
     */
    @TypeName("faq")
    record Faq(String id, Prompt prompt, Prompt notUnderstood, Integer attempts, Integer timeoutSeconds,
               String answered, String unanswered) implements Node {
        public Faq {
            id = checkId(id);
            require(prompt, id, "its prompt");
            attempts = bounded(attempts, 2, 1, 5, id, "attempts");
            timeoutSeconds = bounded(timeoutSeconds, 7, 1, 30, id, "timeoutSeconds");
            answered = require(checkTarget(answered, id, "answered"), id, "answered");
            unanswered = require(checkTarget(unanswered, id, "unanswered"), id, "unanswered");
        }

        @Override
        public List<String> targets() {
            return present(answered, unanswered);
        }

        @Override
        public List<Prompt> prompts() {
            return notUnderstood == null ? List.of(prompt) : List.of(prompt, notUnderstood);
        }
    }

    /** Hands the caller to staff (F5); when nobody takes the call the flow goes on at {@code fallback}. */
    @TypeName("transfer")
    record Transfer(String id, TransferTo to, Mode mode, Integer noAnswerSeconds, Prompt connecting,
                    Prompt unavailable, String fallback) implements Node {

        /** How the call is handed over. */
        public enum Mode {
            /** The caller's side is asked to call staff itself (REFER); the bot's part of the call ends there. */
            BLIND,
            /** Uketsuke calls staff and connects both, keeping the recording and taking the caller back on no answer. */
            BRIDGED
        }

        public Transfer {
            id = checkId(id);
            require(to, id, "whom to transfer to");
            mode = mode == null ? Mode.BRIDGED : mode;
            noAnswerSeconds = bounded(noAnswerSeconds, 20, 1, 300, id, "noAnswerSeconds");
            require(connecting, id, "its connecting prompt");
            fallback = require(checkTarget(fallback, id, "fallback"), id, "fallback");
        }

        @Override
        public List<String> targets() {
            return List.of(fallback);
        }

        @Override
        public List<Prompt> prompts() {
            return unavailable == null ? List.of(connecting) : List.of(connecting, unavailable);
        }
    }

    /** Takes a message (留守電): what the caller says for up to {@code maxSeconds} is the call's message. */
    @TypeName("message")
    record Message(String id, Prompt prompt, Integer maxSeconds, Prompt thanks, String next) implements Node {
        public Message {
            id = checkId(id);
            require(prompt, id, "its prompt");
            maxSeconds = bounded(maxSeconds, 60, 5, 300, id, "maxSeconds");
            next = checkTarget(next, id, "next");
        }

        @Override
        public List<String> targets() {
            return present(next);
        }

        @Override
        public List<Prompt> prompts() {
            return thanks == null ? List.of(prompt) : List.of(prompt, thanks);
        }
    }

    /** Goes where the first matching case says, by a value heard or decided earlier in the call. */
    @TypeName("branch")
    record Branch(String id, String on, List<Case> cases, String otherwise) implements Node {

        public static final int MAX_CASES = 20;

        public Branch {
            id = checkId(id);
            on = on == null ? null : on.strip();
            if (on == null || !VARIABLE.matcher(on).matches()) {
                throw invalid(id, "a branch names the value it looks at (e.g. purpose, faq, menu, hours, caller)");
            }
            cases = Flow.entries(require(cases, id, "cases"), "case");
            if (cases.isEmpty() || cases.size() > MAX_CASES) {
                throw invalid(id, "a branch has 1 to " + MAX_CASES + " cases");
            }
            otherwise = require(checkTarget(otherwise, id, "otherwise"), id, "otherwise");
        }

        @Override
        public List<String> targets() {
            List<String> t = new ArrayList<>();
            cases.forEach(c -> t.add(c.next()));
            t.add(otherwise);
            return t;
        }

        @Override
        public List<Prompt> prompts() {
            return List.of();
        }

        /** How a case compares: the whole value, or words the caller said anywhere in it. */
        public enum Test { EQUALS, MENTIONS, EMPTY }

        /** @param values compared in turn; the case holds when any of them does (none for EMPTY) */
        public record Case(Test test, List<String> values, String next) {
            public Case {
                test = test == null ? Test.EQUALS : test;
                values = checkPhrases(values);
                if (test != Test.EMPTY && values.isEmpty()) {
                    throw new IllegalArgumentException("a branch case needs a value to compare with");
                }
                next = Objects.requireNonNull(checkTarget(next, "case " + (values.isEmpty() ? "empty" : clip(values.get(0))),
                        "next"), "a branch case needs a next node");
            }

            public Case(Test test, String value, String next) {
                this(test, value == null ? List.of() : List.of(value), next);
            }
        }
    }

    /** Continues at another node: a loop back to a menu, or a shared ending. */
    @TypeName("goto")
    record Goto(String id, String target) implements Node {
        public Goto {
            id = checkId(id);
            target = require(checkTarget(target, id, "target"), id, "target");
        }

        @Override
        public List<String> targets() {
            return List.of(target);
        }

        @Override
        public List<Prompt> prompts() {
            return List.of();
        }
    }

    /** Says goodbye (when it has a prompt) and ends the call. */
    @TypeName("hangup")
    record Hangup(String id, Prompt prompt) implements Node {
        public Hangup {
            id = checkId(id);
        }

        @Override
        public List<String> targets() {
            return List.of();
        }

        @Override
        public List<Prompt> prompts() {
            return prompt == null ? List.of() : List.of(prompt);
        }
    }

    /**
     * Offers the caller a link by SMS (F6): on their consent (a key), sends {@code url} in {@code text} to their
     * number when it is a Japanese mobile one, else to a mobile number they key in and confirm. The call goes on at
     * {@code next} whatever the provider does; when no message could be queued it goes to {@code failed} (absent:
     * {@code next}). Prompts left out are said in the flow's language. Sets {@code sms}.
     */
    @TypeName("sms")
    record Sms(String id, Prompt prompt, String url, String text, Prompt askNumber, Prompt sent, String next,
               String failed) implements Node {
        public Sms {
            id = checkId(id);
            try {
                url = SmsLink.checkUrl(url);
                text = SmsLink.checkText(text);
            } catch (IllegalArgumentException e) {
                throw invalid(id, e.getMessage());
            }
            next = require(checkTarget(next, id, "next"), id, "next");
            failed = checkTarget(failed, id, "failed");
        }

        @Override
        public List<String> targets() {
            return present(next, failed);
        }

        @Override
        public List<Prompt> prompts() {
            return Arrays.stream(new Prompt[] {prompt, askNumber, sent}).filter(Objects::nonNull).toList();
        }
    }

    /**
     * Screens out sales calls (営業電話, F4): by the tenant's number lists and anonymous-caller policy, then by what
     * the caller said (a purpose heard before, else what they answer to {@code prompt}). A sales call hears
     * {@code decline} (absent: a polite standard sentence) and the call ends, or it goes to {@code voicemail}; either
     * way the call is recorded as blocked. Everyone else goes on to {@code next} with their words still to be
     * answered. Sets {@code screen}.
     */
    @TypeName("screen")
    record Screen(String id, Prompt prompt, Integer timeoutSeconds, Prompt decline, String voicemail, String next)
            implements Node {

        /** The standard polite refusal in the flow's language: said when a screen node has no decline of its own. */
        public static Prompt standardDecline(String language) {
            return language != null && language.toLowerCase(Locale.ROOT).startsWith("ja")
                    ? Prompt.text("恐れ入りますが、営業のお電話はお断りしております。失礼いたします。")
                    : Prompt.text("We are sorry, but we do not take sales calls on this line. Goodbye.");
        }

        public Screen {
            id = checkId(id);
            require(prompt, id, "its prompt (asked when the caller has said nothing yet)");
            timeoutSeconds = bounded(timeoutSeconds, 7, 1, 30, id, "timeoutSeconds");
            voicemail = checkTarget(voicemail, id, "voicemail");
            next = require(checkTarget(next, id, "next"), id, "next");
        }

        @Override
        public List<String> targets() {
            return present(next, voicemail);
        }

        @Override
        public List<Prompt> prompts() {
            return decline == null ? List.of(prompt) : List.of(prompt, decline);
        }
    }

    /** The JSON name of a node type, kept beside the type so the two cannot drift. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
    @interface TypeName {
        String value();
    }

    Pattern KEYS = Pattern.compile("[0-9*#]");
}
