package jp.uketsuke.telephony.internal.guard;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts SIP responses by status code as they leave the sockets, so the stack's own answers (400
 * to an unparseable request, 481, retransmissions) are counted as well as the application's.
 */
public final class ResponseCounter {

    private static final byte[] STATUS_PREFIX = "SIP/2.0 ".getBytes(StandardCharsets.US_ASCII);
    private static final int LOWEST = 100;
    private static final int HIGHEST = 699;

    private final AtomicLongArray counts = new AtomicLongArray(HIGHEST - LOWEST + 1);

    /** Looks at bytes about to be written; counts them when they start a status line. */
    public void written(byte[] data, int offset, int length) {
        if (length < STATUS_PREFIX.length + 3) {
            return;
        }
        for (int i = 0; i < STATUS_PREFIX.length; i++) {
            if (data[offset + i] != STATUS_PREFIX[i]) {
                return;
            }
        }
        int code = 0;
        for (int i = 0; i < 3; i++) {
            int digit = data[offset + STATUS_PREFIX.length + i] - '0';
            if (digit < 0 || digit > 9) {
                return;
            }
            code = code * 10 + digit;
        }
        if (code >= LOWEST && code <= HIGHEST) {
            counts.incrementAndGet(code - LOWEST);
        }
    }

    /** Responses sent so far, by status code; codes never sent are absent. */
    public Map<Integer, Long> snapshot() {
        Map<Integer, Long> sent = new TreeMap<>();
        for (int i = 0; i < counts.length(); i++) {
            long count = counts.get(i);
            if (count > 0) {
                sent.put(LOWEST + i, count);
            }
        }
        return sent;
    }
}
