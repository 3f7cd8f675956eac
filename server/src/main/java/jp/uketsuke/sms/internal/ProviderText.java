package jp.uketsuke.sms.internal;

import java.util.regex.Pattern;

/**
 * What a provider said, made fit to keep beside a message and show to staff: providers quote the number they could
 * not reach ("The 'To' number +8190… is not valid"), so anything that looks like a number is cut out, control
 * characters go, and it is kept short.
 */
final class ProviderText {

    private static final Pattern NUMBER_LIKE = Pattern.compile("\\+?[0-9][0-9 ()\\-]{4,}[0-9]");
    private static final int MAX = 300;

    private ProviderText() {
    }

    static String scrubbed(String text) {
        if (text == null) {
            return null;
        }
        String out = text.replaceAll("\\p{Cntrl}", " ");
        // error codes are 4-6 digits and stay; longer digit runs and anything shaped like a number do not
        out = NUMBER_LIKE.matcher(out).replaceAll(m -> m.group().replaceAll("[^0-9]", "").length() > 6
                ? "[number]" : m.group());
        return out.length() > MAX ? out.substring(0, MAX - 1) + "…" : out;
    }
}
