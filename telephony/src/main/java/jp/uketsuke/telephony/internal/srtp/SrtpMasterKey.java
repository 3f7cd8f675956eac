package jp.uketsuke.telephony.internal.srtp;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * One direction's master key and master salt (RFC 3711 section 3.2.1), as SDES carries them inline.
 * Holds the bytes only until the session keys are derived; {@link #destroy()} overwrites them.
 */
public final class SrtpMasterKey {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SrtpSuite suite;
    private final byte[] key;
    private final byte[] salt;

    public SrtpMasterKey(SrtpSuite suite, byte[] key, byte[] salt) {
        this.suite = Objects.requireNonNull(suite, "suite");
        if (key.length != suite.keyBytes() || salt.length != SrtpSuite.SALT_BYTES) {
            throw new IllegalArgumentException(suite + " needs a " + suite.keyBytes() + "-byte key and a "
                    + SrtpSuite.SALT_BYTES + "-byte salt");
        }
        this.key = key.clone();
        this.salt = salt.clone();
    }

    /** A fresh random key and salt: each call gets its own, never reused. */
    public static SrtpMasterKey generate(SrtpSuite suite) {
        byte[] key = new byte[suite.keyBytes()];
        byte[] salt = new byte[SrtpSuite.SALT_BYTES];
        RANDOM.nextBytes(key);
        RANDOM.nextBytes(salt);
        try {
            return new SrtpMasterKey(suite, key, salt);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(salt, (byte) 0);
        }
    }

    public SrtpSuite suite() {
        return suite;
    }

    byte[] key() {
        return key;
    }

    byte[] salt() {
        return salt;
    }

    /** key || salt, the concatenation SDES encodes in base64 (RFC 4568 section 6.1). */
    public byte[] keyAndSalt() {
        byte[] both = Arrays.copyOf(key, key.length + salt.length);
        System.arraycopy(salt, 0, both, key.length, salt.length);
        return both;
    }

    public void destroy() {
        Arrays.fill(key, (byte) 0);
        Arrays.fill(salt, (byte) 0);
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "SrtpMasterKey[" + suite + "]";
    }
}
