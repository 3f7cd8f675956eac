package jp.uketsuke.telephony.internal.outbound;

import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Response;
import jp.uketsuke.telephony.internal.registrar.DigestAlgorithm;

/**
 * Answers a 401 (WWW-Authenticate) or 407 (Proxy-Authenticate) the way RFC 3261 section 22 and RFC 7616 describe:
 * of the Digest challenges offered, the one with the algorithm we prefer (SHA-256, then MD5: the registrar's
 * {@link DigestAlgorithm}), with qop=auth when the server offers it and the RFC 2069 form when it offers no qop.
 */
final class DigestClient {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What we prove we know; {@link #toString()} never shows the password. */
    record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[username=" + username + ", password=(hidden)]";
        }
    }

    /** A challenge we can answer, taken apart. */
    record Challenge(boolean proxy, String realm, String nonce, String opaque, DigestAlgorithm algorithm, boolean qopAuth,
                     boolean stale) {
    }

    private DigestClient() {
    }

    /** The challenge to answer in a 401/407, or empty when none offers an algorithm and qop we support. */
    static Optional<Challenge> choose(Response response) {
        boolean proxy = response.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
        Iterator<?> headers = response.getHeaders(proxy ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME);
        Challenge best = null;
        while (headers.hasNext()) {
            if (!(headers.next() instanceof WWWAuthenticateHeader challenge)
                    || !"digest".equalsIgnoreCase(challenge.getScheme())) {
                continue;
            }
            String realm = challenge.getRealm();
            String nonce = challenge.getNonce();
            Optional<DigestAlgorithm> algorithm = DigestAlgorithm.of(challenge.getAlgorithm());
            if (realm == null || nonce == null || nonce.isEmpty() || algorithm.isEmpty()) {
                continue;
            }
            String qop = challenge.getQop();
            boolean auth = qop != null && Arrays.stream(qop.split(",")).map(t -> t.strip().toLowerCase(Locale.ROOT))
                    .anyMatch("auth"::equals);
            if (qop != null && !qop.isBlank() && !auth) {
                continue; // auth-int only: we would have to hash the body, which we do not do
            }
            Challenge candidate = new Challenge(proxy, realm, nonce, challenge.getOpaque(), algorithm.get(), auth,
                    "true".equalsIgnoreCase(challenge.getParameter("stale")));
            // the enum lists algorithms in the order we prefer them
            best = best == null ? candidate
                    : Comparator.comparing(Challenge::algorithm).compare(candidate, best) < 0 ? candidate : best;
        }
        return Optional.ofNullable(best);
    }

    /** The Authorization (or Proxy-Authorization) header answering {@code challenge} for this request. */
    static AuthorizationHeader answer(HeaderFactory headers, Challenge challenge, Credentials credentials,
                                      String method, URI requestUri, int nonceCount) throws ParseException {
        String digestUri = requestUri.toString();
        String cnonce = HexFormat.of().formatHex(randomBytes(16));
        String nc = String.format("%08x", nonceCount);
        String qop = challenge.qopAuth() ? "auth" : null;
        String response = response(challenge.algorithm(), credentials, challenge.realm(), method, digestUri,
                challenge.nonce(), challenge.qopAuth(), nc, cnonce);
        AuthorizationHeader header = challenge.proxy() ? headers.createProxyAuthorizationHeader("Digest")
                : headers.createAuthorizationHeader("Digest");
        header.setUsername(credentials.username());
        header.setRealm(challenge.realm());
        header.setNonce(challenge.nonce());
        header.setParameter("uri", digestUri);
        header.setResponse(response);
        header.setAlgorithm(challenge.algorithm().token());
        if (qop != null) {
            header.setQop(qop);
            header.setCNonce(cnonce);
            header.setNonceCount(nonceCount);
        }
        if (challenge.opaque() != null) {
            header.setOpaque(challenge.opaque());
        }
        return header;
    }

    /** The request-digest (RFC 7616 section 3.4.1), or its RFC 2069 form when the server asked for no qop. */
    static String response(DigestAlgorithm algorithm, Credentials credentials, String realm, String method,
                           String digestUri, String nonce, boolean qopAuth, String nonceCount, String cnonce) {
        String ha1 = algorithm.ha1(credentials.username(), realm, credentials.password());
        return qopAuth ? algorithm.response(ha1, nonce, nonceCount, cnonce, method, digestUri)
                : algorithm.responseWithoutQop(ha1, nonce, method, digestUri);
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
