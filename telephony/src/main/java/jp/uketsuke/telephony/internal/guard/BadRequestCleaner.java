package jp.uketsuke.telephony.internal.guard;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Rewrites the 400 JAIN-SIP sends by itself for a request it cannot parse. The stack puts its parser's
 * error text, which may hold line breaks and pieces of the request, into the reason phrase, ends the
 * header section before Content-Length, and echoes the whole request back as a body. What goes out
 * instead is a plain "400 Bad Request" with the Via, CSeq, Call-ID, From and To it copied, and no body:
 * well-formed, and no larger than needed for whoever sent the bad request.
 */
final class BadRequestCleaner {

    private static final byte[] PREFIX = "SIP/2.0 400 Bad Request (".getBytes(StandardCharsets.US_ASCII);
    private static final Set<String> KEPT = Set.of("via", "v", "cseq", "call-id", "i", "from", "f", "to", "t");

    private BadRequestCleaner() {
    }

    /** The clean response when {@code data} is the stack's automatic 400, else null (send as is). */
    static byte[] clean(byte[] data, int offset, int length) {
        if (length < PREFIX.length) {
            return null;
        }
        for (int i = 0; i < PREFIX.length; i++) {
            if (data[offset + i] != PREFIX[i]) {
                return null;
            }
        }
        String text = new String(data, offset, length, StandardCharsets.ISO_8859_1);
        int headerEnd = text.indexOf("\r\n\r\n");
        String head = headerEnd < 0 ? text : text.substring(0, headerEnd);
        StringBuilder clean = new StringBuilder("SIP/2.0 400 Bad Request\r\n");
        String[] lines = head.split("\r\n");
        // the first CRLF-ended line holds the status and the stack's error text; header fields follow
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon > 0 && KEPT.contains(line.substring(0, colon).strip().toLowerCase(Locale.ROOT))
                    && line.indexOf('\n') < 0 && line.indexOf('\r') < 0) {
                clean.append(line).append("\r\n");
            }
        }
        clean.append("Content-Length: 0\r\n\r\n");
        return clean.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
