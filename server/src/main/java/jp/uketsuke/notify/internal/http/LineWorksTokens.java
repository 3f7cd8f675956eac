package jp.uketsuke.notify.internal.http;

import java.io.IOException;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import jp.uketsuke.notify.DeliveryFailure;
import jp.uketsuke.notify.InvalidDestination;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * LINE WORKS service-account authentication (API 2.0, RFC 7523): a JWT ({@code iss} the client id, {@code sub} the
 * service account, {@code iat}, {@code exp} within the hour) signed RS256 with the app's private key, exchanged at
 * the token endpoint with the client id and secret for an access token, which is kept until shortly before it
 * expires (LINE WORKS gives them for a day; asking for one per message would hit its limits). Tokens live only in
 * memory, keyed by a digest of the credentials that made them.
 */
final class LineWorksTokens {

    private static final int MAX_CACHED = 1000;
    private static final Duration EARLY = Duration.ofMinutes(5);
    private static final Duration JWT_LIFETIME = Duration.ofMinutes(30);

    /** What a token is made from; {@link #toString()} shows only the client id. */
    record Credentials(String clientId, String clientSecret, String serviceAccount, PrivateKey key, String scope) {

        @Override
        public String toString() {
            return "LINE WORKS app " + clientId;
        }
    }

    private record Token(String value, Instant renewAt) {
    }

    private final OutboundHttp http;
    private final JsonMapper json;
    private final Clock clock;
    private final Map<String, Token> tokens = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Token> eldest) {
            return size() > MAX_CACHED;
        }
    };

    LineWorksTokens(OutboundHttp http, JsonMapper json, Clock clock) {
        this.http = http;
        this.json = json;
        this.clock = clock;
    }

    /** An RSA private key from PEM, PKCS#8 ("PRIVATE KEY", as LINE WORKS issues it) or PKCS#1 ("RSA PRIVATE KEY"). */
    static PrivateKey privateKey(String pem) throws InvalidDestination {
        if (pem.length() > 16_384) {
            throw new InvalidDestination("the LINE WORKS private key is too long to be one");
        }
        Object read;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            read = parser.readObject();
        } catch (IOException | RuntimeException e) {
            read = null;
        }
        PrivateKey key;
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            key = switch (read) {
                case PrivateKeyInfo info -> converter.getPrivateKey(info);
                case PEMKeyPair pair -> converter.getKeyPair(pair).getPrivate();
                case null, default -> null;
            };
        } catch (IOException | RuntimeException e) {
            key = null;
        }
        if (!(key instanceof RSAPrivateCrtKey rsa) || rsa.getModulus().bitLength() < 2048) {
            throw new InvalidDestination("the LINE WORKS private key must be the RSA key (PEM) downloaded from the "
                    + "Developer Console for the app's service account (it is not shown here)");
        }
        return key;
    }

    /** A valid access token, from memory or freshly issued. */
    String token(Credentials credentials) throws DeliveryFailure {
        String id = cacheKey(credentials);
        synchronized (tokens) {
            Token known = tokens.get(id);
            if (known != null && clock.instant().isBefore(known.renewAt())) {
                return known.value();
            }
        }
        Token fresh = issue(credentials);
        synchronized (tokens) {
            tokens.put(id, fresh);
        }
        return fresh.value();
    }

    /** The token was refused: the next message asks for a new one. */
    void forget(Credentials credentials) {
        synchronized (tokens) {
            tokens.remove(cacheKey(credentials));
        }
    }

    private Token issue(Credentials credentials) throws DeliveryFailure {
        Instant now = clock.instant();
        String form = "assertion=" + enc(jwt(credentials, now))
                + "&grant_type=" + enc("urn:ietf:params:oauth:grant-type:jwt-bearer")
                + "&client_id=" + enc(credentials.clientId())
                + "&client_secret=" + enc(credentials.clientSecret())
                + "&scope=" + enc(credentials.scope());
        OutboundHttp.Answer answer = http.post(http.properties().lineWorksAuthUrl(), Map.of("Accept",
                "application/json"), "application/x-www-form-urlencoded; charset=utf-8",
                form.getBytes(StandardCharsets.UTF_8), "LINE WORKS (token)");
        if (!answer.ok()) {
            DeliveryFailure failure = http.failure(answer, "LINE WORKS (token)");
            if (answer.status() == 400 || answer.status() == 401) {
                throw DeliveryFailure.permanent(failure.getMessage() + " (the app's client id, secret, service "
                        + "account or private key is not accepted)", null);
            }
            throw failure;
        }
        JsonNode body;
        try {
            body = json.readTree(answer.body());
        } catch (JacksonException e) {
            body = null;
        }
        String token = body == null ? "" : body.path("access_token").asString("");
        if (!token.matches("[A-Za-z0-9._~+/=-]{10,4096}")) {
            throw DeliveryFailure.temporary("LINE WORKS (token) answered without a usable access token", null, null);
        }
        long seconds = expiresIn(body.path("expires_in"));
        Duration keep = Duration.ofSeconds(seconds).minus(EARLY);
        return new Token(token, now.plus(keep.compareTo(Duration.ofSeconds(30)) < 0 ? Duration.ofSeconds(30) : keep));
    }

    /** LINE WORKS writes {@code expires_in} as a string ("86400"); a number is read too. Unknown: an hour. */
    private static long expiresIn(JsonNode value) {
        String s = value.isNumber() ? String.valueOf(value.asLong()) : value.asString("");
        return s.matches("[0-9]{1,9}") ? Long.parseLong(s) : 3600;
    }

    String jwt(Credentials credentials, Instant now) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", credentials.clientId());
        claims.put("sub", credentials.serviceAccount());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(JWT_LIFETIME).getEpochSecond());
        String payload = b64.encodeToString(json.writeValueAsBytes(claims));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(credentials.key());
            rs256.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + b64.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("an RSA key checked on entry cannot sign", e);
        }
    }

    private static String cacheKey(Credentials c) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {c.clientId(), c.clientSecret(), c.serviceAccount(), c.scope()}) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            digest.update(c.key().getEncoded());
            return HexFormat.of().formatHex(digest.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
