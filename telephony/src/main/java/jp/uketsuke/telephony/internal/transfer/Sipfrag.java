package jp.uketsuke.telephony.internal.transfer;

import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The status line of a message/sipfrag body (RFC 3420) in a REFER's NOTIFY (RFC 3515 section 2.4.5). */
final class Sipfrag {

    private static final Pattern STATUS_LINE = Pattern.compile("SIP/2\\.0 ([1-6][0-9]{2})(?: [^\\r\\n]*)?");
    private static final int MAX_BYTES = 4096;

    private Sipfrag() {
    }

    /** The status code, or empty when the body does not start with a SIP status line. */
    static OptionalInt status(byte[] body) {
        if (body == null || body.length == 0 || body.length > MAX_BYTES) {
            return OptionalInt.empty();
        }
        String text = new String(body, StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        String firstLine = (end < 0 ? text : text.substring(0, end)).stripTrailing();
        Matcher matcher = STATUS_LINE.matcher(firstLine);
        return matcher.matches() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
    }
}
