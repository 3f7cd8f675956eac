package jp.uketsuke.telephony.internal.guard;

import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.MaxForwards;
import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.StatusLine;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.text.ParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sip.InvalidArgumentException;

/**
 * JAIN-SIP's parser, stricter where the stack is lax and lenient where RFC 2543 peers need it:
 * <ul>
 * <li>a second From, To, Call-ID, CSeq, Max-Forwards, Content-Length or Content-Type is refused (RFC 4475
 *     multi01, mcl01). JAIN-SIP keeps one and drops the other, so which Content-Length framed the body
 *     would be the parser's guess;</li>
 * <li>a request without To, From, Call-ID, CSeq or Via is refused rather than silently dropped (insuf);</li>
 * <li>a request without Max-Forwards is taken as if it said 70 (RFC 2543 peers, inv2543);</li>
 * <li>the request line's SIP version is kept as sent, so that other versions get 505 (badvers).</li>
 * </ul>
 * A refused request gets our 400 Bad Request over UDP and TCP alike ({@link GuardedNetworkLayer#refuse}), also
 * when it lacks the headers the stack needs for its own (insuf) and when a mandatory header is malformed on a
 * TCP connection, which the stack would close unanswered (scalar02). The connection stays open: its framing
 * (Content-Length) was intact, or the parser would not have had the message.
 */
public final class StrictMessageParser extends StringMsgParser {

    /** Header fields that may appear once, by full and compact name (RFC 3261 section 7.3.3). */
    private static final Map<String, String> SINGLE = Map.ofEntries(
            Map.entry("from", "From"), Map.entry("f", "From"),
            Map.entry("to", "To"), Map.entry("t", "To"),
            Map.entry("call-id", "Call-ID"), Map.entry("i", "Call-ID"),
            Map.entry("cseq", "CSeq"),
            Map.entry("max-forwards", "Max-Forwards"),
            Map.entry("content-length", "Content-Length"), Map.entry("l", "Content-Length"),
            Map.entry("content-type", "Content-Type"), Map.entry("c", "Content-Type"));

    /** Header classes whose parse error makes the whole message unusable (as JAIN-SIP's channels judge it). */
    private static final Set<Class<?>> MANDATORY = Set.of(From.class, To.class, CSeq.class, Via.class, CallID.class,
            ContentLength.class, RequestLine.class, StatusLine.class);

    /** Named by the stack property gov.nist.javax.sip.MESSAGE_PARSER_FACTORY; one parser per channel. */
    public static final class Factory implements MessageParserFactory {
        @Override
        public MessageParser createMessageParser(SIPTransactionStack stack) {
            return new StrictMessageParser(stack.getNetworkLayer() instanceof GuardedNetworkLayer edge ? edge : null);
        }
    }

    /** Answers refused requests; null when the stack's sockets are not ours (the stack then answers as it can). */
    private final GuardedNetworkLayer edge;

    StrictMessageParser(GuardedNetworkLayer edge) {
        this.edge = edge;
    }

    @Override
    public SIPMessage parseSIPMessage(byte[] message, boolean readBody, boolean strict,
                                      ParseExceptionListener listener) throws ParseException {
        boolean ours = edge != null && listener != null && edge.answersFor(listener);
        try {
            return parse(message, readBody, strict, ours ? refusingMandatory(listener) : closedSafe(listener));
        } catch (ParseException refused) {
            if (ours && BadRequestReply.answerable(message)) {
                edge.refuse(listener, message);
            }
            throw refused;
        }
    }

    private SIPMessage parse(byte[] message, boolean readBody, boolean strict, ParseExceptionListener listener)
            throws ParseException {
        String duplicate = duplicateSingleHeader(message);
        if (duplicate != null) {
            throw new ParseException("more than one " + duplicate + " header", 0);
        }
        SIPMessage parsed = super.parseSIPMessage(message, readBody, strict, listener);
        if (parsed instanceof SIPRequest request) {
            String missing = missingRequiredHeader(request);
            if (missing != null) {
                throw new ParseException("no " + missing + " header", 0);
            }
            if (request.getMaxForwards() == null) {
                MaxForwards assumed = new MaxForwards();
                try {
                    assumed.setMaxForwards(70);
                } catch (InvalidArgumentException impossible) {
                    throw new IllegalStateException(impossible);
                }
                request.setHeader(assumed);
            }
            String version = requestLineVersion(message);
            if (version != null && request.getRequestLine() != null) {
                request.getRequestLine().setSipVersion(version);
            }
        }
        return parsed;
    }

    /**
     * A malformed mandatory header refuses the message (we answer it); any other malformed header is kept
     * unparsed, as the stack's channels do. The channel itself is not asked: over TCP it would close the
     * connection without an answer, over UDP send its own 400.
     */
    private static ParseExceptionListener refusingMandatory(ParseExceptionListener channel) {
        return (exception, message, headerClass, header, text) -> {
            if (headerClass != null && MANDATORY.contains(headerClass)) {
                throw exception;
            }
            if (message != null) {
                message.addUnparsed(header);
            }
        };
    }

    /**
     * For channels we do not answer on (TLS). JAIN-SIP's TCP and TLS channels answer a bad mandatory header by
     * closing the socket and rethrowing; when the peer has gone already, the close throws a NullPointerException that kills the reading thread. The
     * outcome it meant (refuse the message) is kept.
     */
    private static ParseExceptionListener closedSafe(ParseExceptionListener listener) {
        if (listener == null) {
            return null;
        }
        return (exception, message, headerClass, header, text) -> {
            try {
                listener.handleException(exception, message, headerClass, header, text);
            } catch (NullPointerException connectionAlreadyGone) {
                throw exception;
            }
        };
    }

    private static String missingRequiredHeader(SIPRequest request) {
        if (request.getTo() == null) {
            return "To";
        }
        if (request.getFrom() == null) {
            return "From";
        }
        if (request.getCallId() == null) {
            return "Call-ID";
        }
        if (request.getCSeq() == null) {
            return "CSeq";
        }
        return request.getViaHeaders() == null || request.getViaHeaders().isEmpty() ? "Via" : null;
    }

    /** The last word of the request line (its SIP version), as sent. */
    private static String requestLineVersion(byte[] message) {
        int start = skipLeadingLineBreaks(message);
        int end = start;
        while (end < message.length && message[end] != '\r' && message[end] != '\n') {
            end++;
        }
        String line = new String(message, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1).strip();
        int space = line.lastIndexOf(' ');
        return space < 0 ? null : line.substring(space + 1);
    }

    /** The first single-valued header field that appears twice in the header section, or null. */
    static String duplicateSingleHeader(byte[] message) {
        int seen = 0;
        int lineStart = skipLeadingLineBreaks(message);
        boolean firstLine = true;
        while (lineStart < message.length) {
            int lineEnd = lineStart;
            while (lineEnd < message.length && message[lineEnd] != '\n') {
                lineEnd++;
            }
            int contentEnd = lineEnd > lineStart && message[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            if (contentEnd == lineStart) {
                return null; // blank line: the header section is over
            }
            if (!firstLine && message[lineStart] != ' ' && message[lineStart] != '\t') {
                String canonical = SINGLE.get(headerName(message, lineStart, contentEnd));
                if (canonical != null) {
                    int bit = 1 << canonicalIndex(canonical);
                    if ((seen & bit) != 0) {
                        return canonical;
                    }
                    seen |= bit;
                }
            }
            firstLine = false;
            lineStart = lineEnd + 1;
        }
        return null;
    }

    private static int skipLeadingLineBreaks(byte[] message) {
        int at = 0;
        while (at < message.length && (message[at] == '\r' || message[at] == '\n')) {
            at++;
        }
        return at;
    }

    private static String headerName(byte[] message, int start, int end) {
        int colon = start;
        while (colon < end && message[colon] != ':') {
            colon++;
        }
        if (colon == end) {
            return "";
        }
        return new String(message, start, colon - start, java.nio.charset.StandardCharsets.ISO_8859_1)
                .strip().toLowerCase(Locale.ROOT);
    }

    private static int canonicalIndex(String canonical) {
        return switch (canonical) {
            case "From" -> 0;
            case "To" -> 1;
            case "Call-ID" -> 2;
            case "CSeq" -> 3;
            case "Max-Forwards" -> 4;
            case "Content-Length" -> 5;
            default -> 6;
        };
    }
}
