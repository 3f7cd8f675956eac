package jp.uketsuke.telephony.internal.srtp;

import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One {@code a=crypto} attribute (SDES, RFC 4568 section 9.1) that we can use: a tag, a suite we
 * support and one inline master key. Everything we cannot honour cleanly is refused rather than
 * half-applied: several keys, an MKI, a lifetime shorter than any call could need, session parameters.
 */
public record SdesCrypto(int tag, SrtpMasterKey key) {

    /** The attribute is unusable; the message never contains key material. */
    public static final class UnusableCryptoException extends Exception {
        public UnusableCryptoException(String message) {
            super(message);
        }
    }

    /** Our SRTP never re-keys, so a key must be good for longer than any call (2^31 packets at 50/s is over a year). */
    private static final long SHORTEST_LIFETIME = 1L << 31;
    private static final Pattern TAG = Pattern.compile("[0-9]{1,9}");
    private static final Pattern LIFETIME = Pattern.compile("(2\\^)?([0-9]{1,20})");

    /** Parses the value after {@code a=crypto:}, e.g. {@code 1 AES_CM_128_HMAC_SHA1_80 inline:<base64>}. */
    public static SdesCrypto parse(String value) throws UnusableCryptoException {
        if (value == null || value.length() > 512) {
            throw new UnusableCryptoException("crypto attribute missing or too long");
        }
        String[] fields = value.strip().split("[ \t]+");
        if (fields.length < 3) {
            throw new UnusableCryptoException("crypto attribute needs a tag, a suite and key parameters");
        }
        if (fields.length > 3) {
            throw new UnusableCryptoException("session parameters are not supported");
        }
        if (!TAG.matcher(fields[0]).matches()) {
            throw new UnusableCryptoException("crypto tag is not a number of 1 to 9 digits");
        }
        SrtpSuite suite = SrtpSuite.named(fields[1])
                .orElseThrow(() -> new UnusableCryptoException("unsupported crypto suite"));
        String keyParams = fields[2];
        if (keyParams.indexOf(';') >= 0) {
            throw new UnusableCryptoException("several master keys are not supported");
        }
        if (!keyParams.toLowerCase(Locale.ROOT).startsWith("inline:")) {
            throw new UnusableCryptoException("only inline keys are supported");
        }
        String[] parts = keyParams.substring("inline:".length()).split("\\|", -1);
        if (parts.length > 3) {
            throw new UnusableCryptoException("malformed inline key parameters");
        }
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].indexOf(':') >= 0) {
                throw new UnusableCryptoException("master key identifiers (MKI) are not supported");
            }
            checkLifetime(parts[i]);
        }
        byte[] keyAndSalt;
        try {
            keyAndSalt = Base64.getDecoder().decode(parts[0]);
        } catch (IllegalArgumentException e) {
            throw new UnusableCryptoException("inline key is not valid base64");
        }
        int keyBytes = suite.keyBytes();
        if (keyAndSalt.length != keyBytes + SrtpSuite.SALT_BYTES) {
            Arrays.fill(keyAndSalt, (byte) 0);
            throw new UnusableCryptoException(suite + " needs " + (keyBytes + SrtpSuite.SALT_BYTES)
                    + " bytes of key and salt, not " + keyAndSalt.length);
        }
        byte[] key = Arrays.copyOfRange(keyAndSalt, 0, keyBytes);
        byte[] salt = Arrays.copyOfRange(keyAndSalt, keyBytes, keyAndSalt.length);
        try {
            return new SdesCrypto(Integer.parseInt(fields[0]), new SrtpMasterKey(suite, key, salt));
        } finally {
            Arrays.fill(keyAndSalt, (byte) 0);
            Arrays.fill(key, (byte) 0);
            Arrays.fill(salt, (byte) 0);
        }
    }

    private static void checkLifetime(String text) throws UnusableCryptoException {
        var match = LIFETIME.matcher(text);
        if (!match.matches()) {
            throw new UnusableCryptoException("malformed key lifetime");
        }
        boolean power = match.group(1) != null;
        String digits = match.group(2);
        long packets;
        if (power) {
            int exponent = digits.length() > 2 ? 99 : Integer.parseInt(digits);
            packets = exponent >= 63 ? Long.MAX_VALUE : 1L << exponent;
        } else {
            packets = digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
        }
        if (packets < SHORTEST_LIFETIME) {
            throw new UnusableCryptoException("key lifetime shorter than 2^31 packets is not supported (no re-keying)");
        }
    }

    /** The attribute value offering {@code key} under {@code tag}: {@code <tag> <suite> inline:<key||salt>}. */
    public static String format(int tag, SrtpMasterKey key) {
        byte[] keyAndSalt = key.keyAndSalt();
        try {
            return tag + " " + key.suite().name() + " inline:" + Base64.getEncoder().encodeToString(keyAndSalt);
        } finally {
            Arrays.fill(keyAndSalt, (byte) 0);
        }
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "SdesCrypto[tag=" + tag + ", " + key.suite() + "]";
    }
}
