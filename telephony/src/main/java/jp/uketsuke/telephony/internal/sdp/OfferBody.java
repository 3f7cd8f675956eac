package jp.uketsuke.telephony.internal.sdp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the session description in an INVITE's body: the body itself when it is application/sdp, or the SDP part
 * of a multipart body (RFC 5621), as callers that sign or annotate their INVITEs send it (RFC 4475 mpart01 shows
 * such a body with binary parts). Other parts are skipped unless they say handling=required. Hostile bodies are
 * bounded: a delimiter must be found, a body holds at most {@link #MAX_PARTS} parts in all, nested at most
 * {@link #MAX_DEPTH} deep.
 */
public final class OfferBody {

    /** Parts in a whole body, nested ones included: a call offer has two or three. */
    static final int MAX_PARTS = 16;
    /** multipart inside multipart, this deep at most (the body itself counts as one). */
    static final int MAX_DEPTH = 3;

    /** What the body holds for us. */
    public sealed interface Found {
    }

    /** The session description, as text. */
    public record Sdp(String text) implements Found {
    }

    /** No session description we can read (415 Unsupported Media Type); {@code why} is fixed text, safe to log. */
    public record Unsupported(String why) implements Found {
    }

    /** A multipart body that breaks its own rules (400 Bad Request); {@code why} is fixed text, safe to log. */
    public record Malformed(String why) implements Found {
    }

    private static final class TooMany extends Exception {
        TooMany(String why) {
            super(why, null, false, false);
        }
    }

    private OfferBody() {
    }

    /**
     * @param type     the Content-Type's type, e.g. "application" or "multipart"
     * @param subType  its subtype, e.g. "sdp" or "mixed"
     * @param boundary its boundary parameter (multipart), or null
     * @param body     the message body
     */
    public static Found of(String type, String subType, String boundary, byte[] body) {
        if (type == null || subType == null) {
            return new Unsupported("no Content-Type");
        }
        try {
            return find(type.toLowerCase(Locale.ROOT), subType.toLowerCase(Locale.ROOT), boundary,
                    new String(body, StandardCharsets.ISO_8859_1), 1, new int[1]);
        } catch (TooMany e) {
            return new Malformed(e.getMessage());
        }
    }

    /** {@code text} is the body with one char per octet (ISO-8859-1), so that binary parts pass through intact. */
    private static Found find(String type, String subType, String boundary, String text, int depth, int[] parts)
            throws TooMany {
        if (type.equals("application") && subType.equals("sdp")) {
            return new Sdp(new String(text.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }
        if (!type.equals("multipart")) {
            return new Unsupported("a body that is not a session description");
        }
        if (depth > MAX_DEPTH) {
            throw new TooMany("multipart nested more than " + MAX_DEPTH + " deep");
        }
        if (boundary == null || !validBoundary(boundary)) {
            return new Malformed("multipart without a valid boundary");
        }
        List<String> bodyParts = split(text, boundary);
        if (bodyParts == null) {
            return new Malformed("multipart body without its boundary");
        }
        String lastReason = "no application/sdp part";
        for (String part : bodyParts) {
            if (++parts[0] > MAX_PARTS) {
                throw new TooMany("more than " + MAX_PARTS + " body parts");
            }
            int headerEnd = headerEnd(part);
            Map<String, String> headers = headers(part.substring(0, headerEnd));
            String content = part.substring(Math.min(part.length(), headerEnd + lineBreakAt(part, headerEnd)));
            ContentType partType = ContentType.parse(headers.getOrDefault("content-type", "text/plain"));
            Disposition disposition = Disposition.parse(headers.get("content-disposition"));
            if (partType == null) {
                return new Malformed("a body part's Content-Type is unreadable");
            }
            boolean sdp = partType.type().equals("application") && partType.subType().equals("sdp");
            if (sdp && disposition.is("session")) {
                String encoding = headers.getOrDefault("content-transfer-encoding", "binary").strip()
                        .toLowerCase(Locale.ROOT);
                if (!List.of("binary", "7bit", "8bit").contains(encoding)) {
                    return new Unsupported("an SDP part in a transfer encoding other than binary");
                }
                return find("application", "sdp", null, content, depth + 1, parts);
            }
            if (partType.type().equals("multipart")) {
                Found nested = find(partType.type(), partType.subType(), partType.parameter("boundary"), content,
                        depth + 1, parts);
                if (nested instanceof Sdp || nested instanceof Malformed) {
                    return nested;
                }
                lastReason = ((Unsupported) nested).why();
                continue;
            }
            if (disposition.required()) {
                return new Unsupported("a body part we cannot read has handling=required");
            }
        }
        return new Unsupported(lastReason);
    }

    /**
     * The parts between the delimiter lines ("--" boundary, optional spaces, a line break), the preamble and the
     * epilogue left out; null when no delimiter line is there at all. A body that ends without its close delimiter
     * ("--" boundary "--") keeps its last part to the end, as lenient mail readers do.
     */
    private static List<String> split(String text, String boundary) {
        String delimiter = "--" + boundary;
        List<String> parts = new ArrayList<>();
        int contentStart = -1;
        int search = 0;
        while (true) {
            int at = text.indexOf(delimiter, search);
            if (at < 0) {
                break;
            }
            search = at + delimiter.length();
            boolean lineStart = at == 0 || text.charAt(at - 1) == '\n';
            if (!lineStart) {
                continue;
            }
            int after = at + delimiter.length();
            boolean close = text.startsWith("--", after);
            int end = close ? after + 2 : after;
            while (end < text.length() && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) {
                end++;
            }
            int lineBreak = lineBreakAt(text, end);
            if (!close && lineBreak == 0 && end < text.length()) {
                continue; // a longer word that starts like the delimiter, not the delimiter
            }
            if (contentStart >= 0) {
                // the line break before the delimiter belongs to the delimiter
                int contentEnd = at;
                if (contentEnd > contentStart && text.charAt(contentEnd - 1) == '\n') {
                    contentEnd--;
                    if (contentEnd > contentStart && text.charAt(contentEnd - 1) == '\r') {
                        contentEnd--;
                    }
                }
                parts.add(text.substring(contentStart, Math.max(contentStart, contentEnd)));
            }
            if (close || parts.size() > MAX_PARTS) {
                return parts; // the caller refuses a body with too many parts
            }
            contentStart = end + lineBreak;
        }
        if (contentStart < 0) {
            return null;
        }
        parts.add(text.substring(Math.min(contentStart, text.length())));
        return parts;
    }

    /** Where a part's header section ends (the blank line), or 0 when the part starts with that blank line. */
    private static int headerEnd(String part) {
        if (lineBreakAt(part, 0) > 0) {
            return 0;
        }
        for (int at = part.indexOf('\n'); at >= 0; at = part.indexOf('\n', at + 1)) {
            if (lineBreakAt(part, at + 1) > 0) {
                return at + 1;
            }
        }
        return part.length();
    }

    private static int lineBreakAt(String text, int at) {
        if (text.startsWith("\r\n", at)) {
            return 2;
        }
        return at < text.length() && text.charAt(at) == '\n' ? 1 : 0;
    }

    /** Part header fields by lower-case name; folded lines joined; the first of a repeated name counts. */
    private static Map<String, String> headers(String section) {
        Map<String, String> headers = new LinkedHashMap<>();
        String previous = null;
        for (String line : section.split("\r?\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && previous != null) {
                headers.computeIfPresent(previous, (name, value) -> value + " " + line.strip());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            previous = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            headers.putIfAbsent(previous, line.substring(colon + 1).strip());
        }
        return headers;
    }

    /** RFC 2046 section 5.1.1: 1 to 70 characters from a small set, not ending in a space. */
    private static boolean validBoundary(String boundary) {
        if (boundary.isEmpty() || boundary.length() > 70 || boundary.endsWith(" ")) {
            return false;
        }
        for (int i = 0; i < boundary.length(); i++) {
            char c = boundary.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || "'()+_,-./:=? ".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A Content-Type value: type/subtype and parameters (names lower-case, quotes removed). */
    private record ContentType(String type, String subType, Map<String, String> parameters) {

        static ContentType parse(String value) {
            List<String> pieces = pieces(value);
            String[] media = pieces.getFirst().strip().toLowerCase(Locale.ROOT).split("/", -1);
            if (media.length != 2 || media[0].isBlank() || media[1].isBlank()) {
                return null;
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            for (String piece : pieces.subList(1, pieces.size())) {
                int equals = piece.indexOf('=');
                if (equals > 0) {
                    String name = piece.substring(0, equals).strip().toLowerCase(Locale.ROOT);
                    String raw = piece.substring(equals + 1).strip();
                    parameters.putIfAbsent(name, raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")
                            ? raw.substring(1, raw.length() - 1) : raw);
                }
            }
            return new ContentType(media[0].strip(), media[1].strip(), parameters);
        }

        String parameter(String name) {
            return parameters.get(name);
        }
    }

    /** A Content-Disposition value (RFC 3261 20.11); absent means session for SDP and optional handling for us. */
    private record Disposition(String type, boolean required) {

        static Disposition parse(String value) {
            if (value == null || value.isBlank()) {
                return new Disposition("session", false);
            }
            List<String> pieces = pieces(value);
            boolean required = pieces.stream().skip(1).map(p -> p.replace(" ", "").toLowerCase(Locale.ROOT))
                    .anyMatch(p -> p.equals("handling=required"));
            return new Disposition(pieces.getFirst().strip().toLowerCase(Locale.ROOT), required);
        }

        boolean is(String name) {
            return type.equals(name);
        }
    }

    /** Splits a header value at semicolons outside quoted strings. */
    private static List<String> pieces(String value) {
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted && i + 1 < value.length()) {
                piece.append(c).append(value.charAt(++i));
                continue;
            }
            if (c == ';' && !quoted) {
                pieces.add(piece.toString());
                piece.setLength(0);
            } else {
                piece.append(c);
            }
        }
        pieces.add(piece.toString());
        return pieces;
    }
}
