package jp.uketsuke.identity.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP). Authenticator apps use HMAC-SHA1, 6 digits, 30 s
 * steps; the other algorithms and lengths exist for the RFC's test vectors.
 */
final class Totp {

    static final Duration STEP = Duration.ofSeconds(30);
    static final int DIGITS = 6;
    static final String SHA1 = "HmacSHA1";
    /** Steps accepted either side of now: clocks of phones drift, and typing takes time. */
    static final int TOLERANCE = 1;

    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Totp() {
    }

    static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP.toSeconds());
    }

    /** The HOTP value of {@code counter} (RFC 4226 section 5.3), zero-padded to {@code digits}. */
    static String code(byte[] key, long counter, int digits, String hmacAlgorithm) {
        if (digits < 6 || digits > 8) {
            throw new IllegalArgumentException("6 to 8 digits");
        }
        byte[] hash;
        try {
            Mac mac = Mac.getInstance(hmacAlgorithm);
            mac.init(new SecretKeySpec(key, "RAW"));
            hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(counter).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no " + hmacAlgorithm + " in this JVM", e);
        }
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        String value = Integer.toString(binary % POWERS[digits]);
        return "0".repeat(digits - value.length()) + value;
    }

    /**
     * The step within the tolerance whose code is {@code code}, or empty. Callers reject a step at or below the last
     * one accepted for the user, so that a code seen over a shoulder cannot be used a second time.
     */
    static OptionalLong matchingStep(byte[] key, String code, Instant now) {
        String typed = code == null ? "" : code.replaceAll("[\\s-]", "");
        if (!typed.matches("[0-9]{" + DIGITS + "}")) {
            return OptionalLong.empty();
        }
        long current = step(now);
        OptionalLong found = OptionalLong.empty();
        // checks every candidate step, so that the time taken says nothing about which one matched
        for (long s = current - TOLERANCE; s <= current + TOLERANCE; s++) {
            if (MessageDigest.isEqual(code(key, s, DIGITS, SHA1).getBytes(), typed.getBytes()) && found.isEmpty()) {
                found = OptionalLong.of(s);
            }
        }
        return found;
    }
}
