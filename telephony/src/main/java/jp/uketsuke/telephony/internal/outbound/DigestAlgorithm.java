package jp.uketsuke.telephony.internal.outbound;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The digest algorithms a SIP client answers challenges with (RFC 7616 section 3.4, RFC 8760 for SIP), strongest
 * last. "-sess" variants hash the client nonce into the secret.
 */
public enum DigestAlgorithm {
    MD5("MD5", "MD5", false),
    MD5_SESS("MD5-sess", "MD5", true),
    SHA_256("SHA-256", "SHA-256", false),
    SHA_256_SESS("SHA-256-sess", "SHA-256", true),
    SHA_512_256("SHA-512-256", "SHA-512/256", false),
    SHA_512_256_SESS("SHA-512-256-sess", "SHA-512/256", true);

    private final String token;
    private final String jcaName;
    private final boolean session;

    DigestAlgorithm(String token, String jcaName, boolean session) {
        this.token = token;
        this.jcaName = jcaName;
        this.session = session;
    }

    /** As written in the algorithm parameter. */
    public String token() {
        return token;
    }

    /** A missing algorithm parameter means MD5 (RFC 2617 section 3.2.1); an unknown one: empty. */
    public static Optional<DigestAlgorithm> of(String token) {
        if (token == null || token.isBlank()) {
            return Optional.of(MD5);
        }
        String wanted = token.strip().toLowerCase(Locale.ROOT);
        for (DigestAlgorithm algorithm : values()) {
            if (algorithm.token.toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    /**
     * The request-digest (RFC 7616 section 3.4.1). With {@code qop} null it is the RFC 2069 form
     * H(HA1:nonce:HA2) that old servers ask for by sending no qop; otherwise {@code qop} must be "auth".
     */
    public String response(Credentials credentials, String realm, String method, String digestUri, String nonce,
                           String qop, String nonceCount, String cnonce) {
        String ha1 = hex(credentials.username() + ":" + realm + ":" + credentials.password());
        if (session) {
            ha1 = hex(ha1 + ":" + nonce + ":" + cnonce);
        }
        String ha2 = hex(method + ":" + digestUri);
        if (qop == null) {
            return hex(ha1 + ":" + nonce + ":" + ha2);
        }
        if (!qop.equals("auth")) {
            throw new IllegalArgumentException("only qop=auth is supported");
        }
        return hex(ha1 + ":" + nonce + ":" + nonceCount + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    String hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(jcaName).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + jcaName, e);
        }
    }

    /** What we prove we know; {@link #toString()} never shows the password. */
    public record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[username=" + username + ", password=(hidden)]";
        }
    }
}
