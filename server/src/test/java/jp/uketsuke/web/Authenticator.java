package jp.uketsuke.web;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a phone's authenticator app does, written apart from the server's code so that tests check the server against
 * RFC 6238 rather than against itself. Hands out each time step once, as a careful user would: the server refuses a
 * code of a step it has already accepted.
 */
public final class Authenticator {

    private final byte[] key;
    private long lastStep = Long.MIN_VALUE;

    public Authenticator(String base32Secret) {
        this.key = decode(base32Secret);
    }

    public byte[] secret() {
        return key.clone();
    }

    /** The code of the current step, or of the next one when the current one was already used (servers allow ±1 step). */
    public String nextCode() {
        long step = Math.max(Instant.now().getEpochSecond() / 30, lastStep + 1);
        lastStep = step;
        return code(step);
    }

    /** The code of a step already handed out: what a replay would send. */
    public String lastCode() {
        return code(lastStep);
    }

    public String code(long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int o = h[19] & 0xf;
            int v = ((h[o] & 0x7f) << 24 | (h[o + 1] & 0xff) << 16 | (h[o + 2] & 0xff) << 8 | (h[o + 3] & 0xff)) % 1_000_000;
            return String.format(Locale.ROOT, "%06d", v);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] decode(String base32) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        Map<Character, Integer> values = new HashMap<>();
        for (int i = 0; i < alphabet.length(); i++) {
            values.put(alphabet.charAt(i), i);
        }
        String s = base32.replaceAll("[\\s=]", "").toUpperCase(Locale.ROOT);
        ByteBuffer out = ByteBuffer.allocate(s.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : s.toCharArray()) {
            buffer = (buffer << 5) | values.get(c);
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return out.array();
    }
}
