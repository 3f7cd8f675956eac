package jp.uketsuke.telephony.internal.guard;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Follows the framing of SIP over a stream (header section up to the blank line, then Content-Length
 * octets, keep-alive line breaks in between) and cuts the connection as soon as one message would be
 * larger than the limit, before its body is read. JAIN-SIP's own check of a Content-Length over the limit
 * throws a RuntimeException out of its parser thread (the fuzz test saw it); here the read fails instead,
 * and the stack closes the connection as it does for any read error.
 */
final class StreamSizeLimit extends FilterInputStream {

    private enum Part { BETWEEN, HEADERS, BODY }

    private final int maxMessageBytes;
    private final Runnable onViolation;
    private final byte[] header;
    /** Volatile: the connection's owner reads it from another thread when it closes the connection. */
    private volatile Part part = Part.BETWEEN;
    private int headerLength;
    private long bodyLeft;
    private volatile boolean violated;

    StreamSizeLimit(InputStream in, int maxMessageBytes, Runnable onViolation) {
        super(in);
        this.maxMessageBytes = maxMessageBytes;
        this.onViolation = onViolation;
        this.header = new byte[maxMessageBytes];
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int read = read(one, 0, 1);
        return read < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (violated) {
            throw new IOException("SIP message over the size limit");
        }
        int read = super.read(buffer, offset, length);
        for (int i = offset; i < offset + read; i++) {
            follow(buffer[i]);
            if (violated) {
                onViolation.run();
                throw new IOException("SIP message over the size limit");
            }
        }
        return read;
    }

    /**
     * Whether a message has begun and not ended (and was not cut for its size). The stack closes a connection
     * whose message stalls (its READ_TIMEOUT), which is all RFC 4475 asks for a Content-Length larger than what
     * follows over a stream (clerr); the connection's owner counts that when it is closed.
     */
    boolean midMessage() {
        return part != Part.BETWEEN && !violated;
    }

    private void follow(byte octet) {
        switch (part) {
            case BETWEEN -> {
                if (octet != '\r' && octet != '\n') {
                    part = Part.HEADERS;
                    headerLength = 0;
                    appendHeader(octet);
                }
            }
            case HEADERS -> {
                appendHeader(octet);
                if (!violated && endsHeaderSection()) {
                    long contentLength = contentLength();
                    if (headerLength + contentLength > maxMessageBytes) {
                        violated = true;
                        return;
                    }
                    bodyLeft = contentLength;
                    part = bodyLeft > 0 ? Part.BODY : Part.BETWEEN;
                }
            }
            case BODY -> {
                if (--bodyLeft == 0) {
                    part = Part.BETWEEN;
                }
            }
        }
    }

    private void appendHeader(byte octet) {
        if (headerLength == header.length) {
            violated = true;
            return;
        }
        header[headerLength++] = octet;
    }

    private boolean endsHeaderSection() {
        int n = headerLength;
        return (n >= 4 && header[n - 4] == '\r' && header[n - 3] == '\n' && header[n - 2] == '\r' && header[n - 1] == '\n')
                || (n >= 2 && header[n - 2] == '\n' && header[n - 1] == '\n');
    }

    /** The largest Content-Length the header section states (a stream peer must send one); 0 if none. */
    private long contentLength() {
        long largest = 0;
        String text = new String(header, 0, headerLength, StandardCharsets.ISO_8859_1);
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            if (name.equals("content-length") || name.equals("l")) {
                String value = line.substring(colon + 1).strip();
                if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
                    largest = value.length() > 12 ? Long.MAX_VALUE / 2 : Math.max(largest, Long.parseLong(value));
                }
            }
        }
        return largest;
    }
}
