package jp.uketsuke.telephony.internal.srtp;

import java.util.Optional;

/**
 * The SRTP crypto suites we accept (RFC 4568 section 6.2, RFC 6188): AES counter mode with an 80-bit
 * HMAC-SHA1 tag. Declared strongest first, which is the order we prefer them in an offer.
 */
public enum SrtpSuite {
    AES_256_CM_HMAC_SHA1_80(32),
    AES_CM_128_HMAC_SHA1_80(16);

    /** Master and session salt length (112 bits) for both suites. */
    public static final int SALT_BYTES = 14;
    /** HMAC-SHA1 session authentication key length (160 bits). */
    static final int AUTH_KEY_BYTES = 20;
    /** Authentication tag appended to every packet (80 bits). */
    public static final int TAG_BYTES = 10;

    private final int keyBytes;

    SrtpSuite(int keyBytes) {
        this.keyBytes = keyBytes;
    }

    /** Master and session encryption key length. */
    public int keyBytes() {
        return keyBytes;
    }

    /** The suite with this SDP name (case-sensitive, as RFC 4568 registers them), if we support it. */
    public static Optional<SrtpSuite> named(String name) {
        for (SrtpSuite suite : values()) {
            if (suite.name().equals(name)) {
                return Optional.of(suite);
            }
        }
        return Optional.empty();
    }
}
