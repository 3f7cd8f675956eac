package jp.uketsuke.telephony.internal.registrar;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import jp.uketsuke.telephony.PhoneCredentials;

/** The digest algorithms of RFC 7616 / RFC 8760 we accept, with their hash in lower-case hex. */
public enum DigestAlgorithm {
    SHA_256("SHA-256", "SHA-256"),
    MD5("MD5", "MD5");

    private final String token;
    private final String jcaName;

    DigestAlgorithm(String token, String jcaName) {
        this.token = token;
        this.jcaName = jcaName;
    }

    /** As written in the algorithm parameter. */
    public String token() {
        return token;
    }

    /** "MD5", "md5", "SHA-256" → the algorithm; a missing parameter means MD5 (RFC 2617); anything else: empty. */
    public static Optional<DigestAlgorithm> of(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.of(MD5);
        }
        String t = token.strip().toUpperCase(Locale.ROOT);
        for (DigestAlgorithm algorithm : values()) {
            if (algorithm.token.equals(t)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    public String hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(jcaName).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + jcaName, e);
        }
    }

    /** H(username:realm:password): what is stored for a phone instead of its password. */
    public String ha1(String username, String realm, String password) {
        return hex(username + ":" + realm + ":" + password);
    }

    /** The stored HA1 of this algorithm. */
    public String ha1Of(PhoneCredentials phone) {
        return this == MD5 ? phone.md5Ha1() : phone.sha256Ha1();
    }

    /**
     * RFC 2069's request-digest, H(HA1:nonce:HA2), for a server whose challenge offers no qop (RFC 2617 section
     * 3.2.2.1); old PBXs and trunks still challenge that way.
     */
    public String responseWithoutQop(String ha1, String nonce, String method, String digestUri) {
        return hex(ha1 + ":" + nonce + ":" + hex(method + ":" + digestUri));
    }

    /** The request-digest of RFC 7616 section 3.4.1 with qop=auth. */
    public String response(String ha1, String nonce, String nonceCount, String cnonce, String method, String digestUri) {
        String ha2 = hex(method + ":" + digestUri);
        return hex(ha1 + ":" + nonce + ":" + nonceCount + ":" + cnonce + ":auth:" + ha2);
    }
}
