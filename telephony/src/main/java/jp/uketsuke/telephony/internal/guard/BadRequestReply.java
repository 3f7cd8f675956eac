package jp.uketsuke.telephony.internal.guard;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The 400 Bad Request we send for a request the parser refused. It copies the Via values and CSeq (all a client
 * transaction needs to match it, RFC 3261 17.1.3) and the Call-ID, From and To when there are any (RFC 4475 insuf
 * has none), and carries no body. JAIN-SIP's own automatic 400 is not used: it puts the parser's error text, which
 * may hold line breaks and pieces of the request, into the reason phrase, echoes the request as a body, and is not
 * sent at all over TCP or when Call-ID, From or To is missing.
 */
final class BadRequestReply {

    private static final byte[] STACK_PREFIX = "SIP/2.0 400 Bad Request (".getBytes(StandardCharsets.US_ASCII);
    private static final Set<String> SINGLE = Set.of("cseq", "call-id", "from", "to");
    /** A copied header line longer than this is left out (the request was within the size limit anyway). */
    private static final int MAX_LINE = 2048;

    private BadRequestReply() {
    }

    /** Whether {@code data} is the stack's automatic 400, which ours replaces. */
    static boolean isStackAutomatic(byte[] data, int offset, int length) {
        if (length < STACK_PREFIX.length) {
            return false;
        }
        for (int i = 0; i < STACK_PREFIX.length; i++) {
            if (data[offset + i] != STACK_PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code message} starts as a request that may be answered (not a response, not an ACK). */
    static boolean answerable(byte[] message) {
        String start = new String(message, 0, Math.min(message.length, 8), StandardCharsets.ISO_8859_1).stripLeading();
        return !start.isEmpty() && !start.startsWith("SIP/") && !start.startsWith("ACK ");
    }

    /** The 400 for {@code request}, or null when it has no Via (nothing says where an answer would go). */
    static byte[] compose(byte[] request) {
        List<String> lines = headerLines(request);
        StringBuilder reply = new StringBuilder("SIP/2.0 400 Bad Request\r\n");
        List<String> copied = new ArrayList<>();
        boolean via = false;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int colon = line.indexOf(':');
            if (colon <= 0 || line.length() > MAX_LINE || !printable(line)) {
                continue;
            }
            String name = canonical(line.substring(0, colon).strip().toLowerCase(Locale.ROOT));
            String value = line.substring(colon + 1).strip();
            if (name.equals("via")) {
                via = true;
                reply.append("Via: ").append(value).append("\r\n");
            } else if (SINGLE.contains(name) && !copied.contains(name)) {
                copied.add(name);
                if (name.equals("to") && !value.toLowerCase(Locale.ROOT).contains(";tag=")) {
                    // a response outside a dialog still carries our tag (RFC 3261 8.2.6.2)
                    value = value + ";tag=" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
                }
                reply.append(display(name)).append(": ").append(value).append("\r\n");
            }
        }
        if (!via) {
            return null;
        }
        reply.append("Content-Length: 0\r\n\r\n");
        return reply.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Whether the top Via has an rport parameter (RFC 3581): answer at the source port. */
    static boolean topViaAsksForRport(byte[] request) {
        String via = topVia(request);
        if (via == null) {
            return false;
        }
        for (String parameter : via.split(";")) {
            String name = parameter.split("=", 2)[0].strip();
            if (name.equalsIgnoreCase("rport")) {
                return true;
            }
        }
        return false;
    }

    /** The top Via's sent-by port (5060 when it names none), where an answer over UDP goes (RFC 3261 18.2.2). */
    static int topViaPort(byte[] request) {
        String via = topVia(request);
        String[] words = via == null ? new String[0] : via.split("\\s+", 2);
        if (words.length < 2) {
            return 5060;
        }
        String sentBy = words[1].split(";", 2)[0].strip();
        int close = sentBy.lastIndexOf(']');
        int portColon = sentBy.lastIndexOf(':');
        if (portColon <= close || portColon + 1 >= sentBy.length()) {
            return 5060;
        }
        try {
            int port = Integer.parseInt(sentBy.substring(portColon + 1).strip());
            return port > 0 && port < 65536 ? port : 5060;
        } catch (NumberFormatException e) {
            return 5060;
        }
    }

    /** The first value of the first Via header field, or null. */
    private static String topVia(byte[] request) {
        List<String> lines = headerLines(request);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            int colon = line.indexOf(':');
            if (colon > 0 && canonical(line.substring(0, colon).strip().toLowerCase(Locale.ROOT)).equals("via")) {
                String value = line.substring(colon + 1).strip();
                int comma = value.indexOf(',');
                return (comma < 0 ? value : value.substring(0, comma)).strip();
            }
        }
        return null;
    }

    /** The lines of the header section, the request line first, folded lines joined (RFC 3261 7.3.1). */
    private static List<String> headerLines(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int at = 0;
        while (at < text.length() && (text.charAt(at) == '\r' || text.charAt(at) == '\n')) {
            at++;
        }
        List<String> lines = new ArrayList<>();
        while (at < text.length()) {
            int end = text.indexOf('\n', at);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(at, end > at && text.charAt(end - 1) == '\r' ? end - 1 : end);
            at = end + 1;
            if (line.isEmpty()) {
                break;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !lines.isEmpty()) {
                lines.set(lines.size() - 1, lines.getLast() + " " + line.strip());
            } else {
                lines.add(line);
            }
        }
        return lines;
    }

    private static String canonical(String name) {
        return switch (name) {
            case "v" -> "via";
            case "i" -> "call-id";
            case "f" -> "from";
            case "t" -> "to";
            default -> name;
        };
    }

    private static String display(String name) {
        return switch (name) {
            case "cseq" -> "CSeq";
            case "call-id" -> "Call-ID";
            case "from" -> "From";
            default -> "To";
        };
    }

    /** No control characters: what we copy must not break our own response's framing. */
    private static boolean printable(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return false;
            }
        }
        return true;
    }
}
