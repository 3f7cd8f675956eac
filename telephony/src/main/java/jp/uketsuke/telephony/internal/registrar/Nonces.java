package jp.uketsuke.telephony.internal.registrar;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Digest nonces that need no table to check: each carries the time it was issued and a MAC under a key made at
 * start-up, so a nonce is ours and fresh or it is not. The nonce counts (nc) seen with each nonce are remembered
 * for the nonce's lifetime, so a captured request cannot be replayed.
 */
final class Nonces {

    /** What a nonce and its count amount to. */
    enum Check { FRESH, STALE, FOREIGN, REPLAYED }

    /** More nonces in use at once than this and new ones are refused as stale until old ones expire. */
    private static final int MAX_TRACKED = 200_000;
    private static final int LENGTH = 8 + 8 + 16;

    private final Clock clock;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();
    private final byte[] key = new byte[32];
    /** Highest nonce count accepted so far, by nonce. */
    private final Map<String, Long> counts = new ConcurrentHashMap<>();

    Nonces(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
        random.nextBytes(key);
    }

    String issue() {
        ByteBuffer nonce = ByteBuffer.allocate(LENGTH);
        nonce.putLong(clock.millis());
        byte[] salt = new byte[8];
        random.nextBytes(salt);
        nonce.put(salt);
        nonce.put(mac(nonce.array(), 16));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce.array());
    }

    /**
     * Checks a nonce and its count (8 hex digits); records the count when the nonce is fresh, so the same count (or a
     * lower one) is a replay from then on. Call only once the digest response itself has been verified, so that a
     * guesser cannot fill the table.
     */
    Check use(String nonce, String nonceCount) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException notBase64) {
            return Check.FOREIGN;
        }
        if (bytes.length != LENGTH) {
            return Check.FOREIGN;
        }
        byte[] expected = mac(bytes, 16);
        byte[] given = new byte[16];
        System.arraycopy(bytes, 16, given, 0, 16);
        if (!MessageDigest.isEqual(expected, given)) {
            return Check.FOREIGN;
        }
        long issuedAt = ByteBuffer.wrap(bytes).getLong();
        long now = clock.millis();
        if (now - issuedAt > lifetime.toMillis() || issuedAt - now > 1000) {
            return Check.STALE;
        }
        long count;
        try {
            count = Long.parseLong(nonceCount, 16);
        } catch (NumberFormatException | NullPointerException e) {
            return Check.REPLAYED;
        }
        if (counts.size() >= MAX_TRACKED) {
            forgetExpired();
            if (counts.size() >= MAX_TRACKED) {
                return Check.STALE;
            }
        }
        boolean[] advanced = new boolean[1];
        counts.compute(nonce, (n, highest) -> {
            if (highest == null || count > highest) {
                advanced[0] = true;
                return count;
            }
            return highest;
        });
        return advanced[0] ? Check.FRESH : Check.REPLAYED;
    }

    /** Drops the counts of nonces past their lifetime (they are stale whatever their count). */
    void forgetExpired() {
        long oldest = clock.millis() - lifetime.toMillis();
        counts.keySet().removeIf(nonce -> {
            byte[] bytes = Base64.getUrlDecoder().decode(nonce);
            return ByteBuffer.wrap(bytes).getLong() < oldest;
        });
    }

    int tracked() {
        return counts.size();
    }

    private byte[] mac(byte[] nonce, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(nonce, 0, 16);
            byte[] full = mac.doFinal();
            byte[] truncated = new byte[length];
            System.arraycopy(full, 0, truncated, 0, length);
            return truncated;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
