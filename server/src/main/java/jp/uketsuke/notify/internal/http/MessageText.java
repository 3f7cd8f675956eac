package jp.uketsuke.notify.internal.http;

/**
 * Makes a notice's text inert in each chat service's markup. A notice holds what callers said; a caller who says
 * "&lt;!channel&gt;" or "[toall]" must not page a whole company, and one who dictates a link must not get a clickable
 * one with other text. Each service has its own syntax, so each has its own rule here, next to the others.
 */
final class MessageText {

    private static final String DISCORD_MARKUP = "\\*_~`|<>#-[]()@:!";

    private MessageText() {
    }

    /** Slack's mrkdwn and plain text: &amp;, &lt; and &gt; escaped, so no {@code <!here>}, {@code <@U…>}, {@code <url|…>}. */
    static String slack(String text) {
        return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * Chatwork's tags ({@code [To:…]}, {@code [toall]}, {@code [info]}, {@code [code]}, {@code [qt]} …) all start with
     * a square bracket; Chatwork has no escape, so a caller's brackets become full-width ones, which look the same.
     */
    static String chatwork(String text) {
        return clean(text).replace('[', '［').replace(']', '］');
    }

    /**
     * Discord's markdown, with a backslash before every character it gives meaning to ({@code allowed_mentions}
     * already stops pings; this stops {@code <@…>} from even showing as one, and links, spoilers, headings).
     */
    static String discord(String text) {
        String s = clean(text);
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (DISCORD_MARKUP.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** LINE WORKS text turns {@code <m userId="…">} into a mention, {@code <m userId="all">} into everyone's. */
    static String lineWorks(String text) {
        return clean(text).replace('<', '＜').replace('>', '＞');
    }

    /** Control characters other than line feeds and tabs dropped: they have no place in a chat message. */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(c -> c == '\n' || c == '\t' || !Character.isISOControl(c)
                        && Character.getType(c) != Character.FORMAT)
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    /** At most {@code max} characters (UTF-16 units, as the services count), cut at a code point with an ellipsis. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isLowSurrogate(text.charAt(end)) && end > 0) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
