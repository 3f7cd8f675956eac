package jp.uketsuke.notify.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import jp.uketsuke.notify.ChannelKind;
import jp.uketsuke.notify.DeliveryFailure;
import jp.uketsuke.notify.Destination;
import jp.uketsuke.notify.InvalidDestination;
import jp.uketsuke.notify.Notice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * LINE WORKS against a local server that plays both its token endpoint (which verifies the service account's JWT
 * with the app's public key, as LINE WORKS does) and the Bot API (which takes only the token it issued).
 */
class LineWorksChannelTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CLIENT_ID = "bJLclientId01";
    private static final String CLIENT_SECRET = "Secret0123456789";
    private static final String SERVICE_ACCOUNT = "abcde.serviceaccount@example.co.jp";
    private static final String BOT_ID = "2000001";
    private static KeyPair keys;
    private static String pem;

    @TempDir
    Path dir;
    private FakeReceiver server;
    private OutboundHttp http;
    private final AtomicInteger issued = new AtomicInteger();
    private volatile String validToken;
    private volatile String tokenError;
    private final List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void makeKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    @BeforeEach
    void start() throws Exception {
        server = FakeReceiver.trusted();
        server.answer(this::answer);
        http = new OutboundHttp(OutboundHttpTest.properties(FakeReceiver.caPem(dir), List.of("localhost"),
                List.of("localhost"), Duration.ofSeconds(3), server.url("/")), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        http.close();
        server.close();
    }

    private FakeReceiver.Reply answer(FakeReceiver.Request request) {
        if (request.path().equals("/oauth2/v2.0/token")) {
            if (tokenError != null) {
                return FakeReceiver.Reply.json(400, "{\"error\":\"" + tokenError + "\"}");
            }
            Map<String, String> form = form(request.text());
            String why = checkTokenRequest(form);
            if (why != null) {
                problems.add(why);
                return FakeReceiver.Reply.json(400, "{\"error\":\"invalid_grant\"}");
            }
            validToken = "issued-token-" + issued.incrementAndGet();
            return FakeReceiver.Reply.json(200, "{\"access_token\":\"" + validToken + "\",\"refresh_token\":\"r\","
                    + "\"scope\":\"bot\",\"token_type\":\"Bearer\",\"expires_in\":\"86400\"}");
        }
        if (request.path().equals("/v1.0/bots/" + BOT_ID + "/channels/ch-0001/messages")
                || request.path().equals("/v1.0/bots/" + BOT_ID + "/users/taro%40example.co.jp/messages")) {
            if (!("Bearer " + validToken).equals(request.header("Authorization"))) {
                return FakeReceiver.Reply.json(401, "{\"code\":\"UNAUTHORIZED\"}");
            }
            JsonNode body = JSON.readTree(request.body());
            if (!body.path("content").path("type").asString().equals("text")) {
                return FakeReceiver.Reply.json(400, "{\"code\":\"INVALID_PARAMETER\"}");
            }
            return FakeReceiver.Reply.of(201, "");
        }
        return FakeReceiver.Reply.json(404, "{\"code\":\"NOT_FOUND\"}");
    }

    /** What LINE WORKS checks: the grant, the client, and a JWT signed by the app's key, issued by it, for its account. */
    private static String checkTokenRequest(Map<String, String> form) {
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))
                || !CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))
                || !"bot".equals(form.get("scope"))) {
            return "form " + form.keySet();
        }
        String[] jwt = form.get("assertion").split("\\.");
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(keys.getPublic());
            rs256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rs256.verify(Base64.getUrlDecoder().decode(jwt[2]))) {
                return "signature";
            }
        } catch (Exception e) {
            return "signature: " + e;
        }
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(jwt[0]));
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt[1]));
        long now = Instant.now().getEpochSecond();
        if (!header.path("alg").asString().equals("RS256") || !claims.path("iss").asString().equals(CLIENT_ID)
                || !claims.path("sub").asString().equals(SERVICE_ACCOUNT)
                || Math.abs(claims.path("iat").asLong() - now) > 60
                || claims.path("exp").asLong() <= now || claims.path("exp").asLong() > now + 3600) {
            return "claims " + claims;
        }
        return null;
    }

    /** The secret field as the console takes it: the client secret on the first line, then the private key. */
    private static Destination destination(String address, String key, Map<String, String> overrides) {
        return withSecret(address, CLIENT_SECRET + "\n" + key, overrides);
    }

    private static Destination withSecret(String address, String secret, Map<String, String> overrides) {
        Map<String, String> options = new LinkedHashMap<>(Map.of("client-id", CLIENT_ID, "service-account",
                SERVICE_ACCOUNT, "bot-id", BOT_ID));
        options.putAll(overrides);
        return new Destination(UUID.randomUUID(), UUID.randomUUID(), ChannelKind.LINE_WORKS, address, secret, options);
    }

    private static Notice notice(String line) {
        return new Notice(UUID.randomUUID(), "着信: 山田様", List.of(line), URI.create("https://console.example/c/1"));
    }

    @Test
    void aVerifiedJwtBuysATokenThatTheBotCallCarriesAndThatIsKeptForTheNextMessage() throws Exception {
        var channel = new LineWorksChannel(http, JSON, Clock.systemUTC());
        Destination destination = destination("channels/ch-0001", pem, Map.of());
        channel.check(destination);
        channel.send(destination, notice("折り返し希望"), "k-1");
        channel.send(destination, notice("二件目"), "k-2");

        assertThat(problems).isEmpty();
        assertThat(issued.get()).isEqualTo(1);
        List<FakeReceiver.Request> messages = server.requests.stream()
                .filter(r -> r.path().endsWith("/messages")).toList();
        assertThat(messages).hasSize(2);
        JsonNode content = JSON.readTree(messages.getFirst().body()).path("content");
        assertThat(content.path("text").asString()).isEqualTo("着信: 山田様\n折り返し希望\nhttps://console.example/c/1");
    }

    @Test
    void aUserCanBeTheTargetAndACallersMentionTagIsDefused() throws Exception {
        var channel = new LineWorksChannel(http, JSON, Clock.systemUTC());
        channel.send(destination("users/taro@example.co.jp", pem, Map.of()),
                notice("<m userId=\"all\"> 皆さん"), "k");
        FakeReceiver.Request message = server.requests.getLast();
        assertThat(message.path()).endsWith("/users/taro%40example.co.jp/messages");
        assertThat(JSON.readTree(message.body()).path("content").path("text").asString())
                .contains("＜m userId=\"all\"＞").doesNotContain("<m");
    }

    @Test
    void aTokenTheBotApiRefusesIsReplacedOnce() throws Exception {
        var channel = new LineWorksChannel(http, JSON, Clock.systemUTC());
        Destination destination = destination("ch-0001", pem, Map.of());
        channel.send(destination, notice("一件目"), "k-1");
        validToken = "revoked-elsewhere";
        channel.send(destination, notice("二件目"), "k-2");
        assertThat(issued.get()).isEqualTo(2);
    }

    @Test
    void aRefusedGrantFailsForGood() throws Exception {
        tokenError = "invalid_grant";
        var channel = new LineWorksChannel(http, JSON, Clock.systemUTC());
        assertThatThrownBy(() -> channel.send(destination("ch-0001", pem, Map.of()), notice("x"), "k"))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
                    assertThat(f.retryable()).isFalse();
                    assertThat(f.getMessage()).doesNotContain(CLIENT_SECRET, "BEGIN");
                });
        assertThat(server.requests.stream().filter(r -> r.path().endsWith("/messages"))).isEmpty();
    }

    @Test
    void malformedKeysOptionsAndAddressesAreInvalidWithoutEchoingSecrets() {
        var channel = new LineWorksChannel(http, JSON, Clock.systemUTC());
        String notAKey = "-----BEGIN PRIVATE KEY-----\nbm90LWEta2V5LXRvcC1zZWNyZXQ=\n-----END PRIVATE KEY-----";
        assertThatThrownBy(() -> channel.check(destination("ch-0001", notAKey, Map.of())))
                .isInstanceOf(InvalidDestination.class).hasMessageContaining("private key")
                .hasMessageNotContaining("bm90LWEta2V5");
        assertThatThrownBy(() -> channel.check(destination("ch-0001", "x".repeat(20_000), Map.of())))
                .isInstanceOf(InvalidDestination.class).hasMessageNotContaining("xxxx");
        assertThatThrownBy(() -> channel.check(destination("ch-0001", pem, Map.of("bot-id", "../../admin"))))
                .isInstanceOf(InvalidDestination.class).hasMessageContaining("bot id");
        assertThatThrownBy(() -> channel.check(destination("channels/../../x", pem, Map.of())))
                .isInstanceOf(InvalidDestination.class).hasMessageContaining("address");
    }

    @Test
    void theClientSecretTravelsSealedWithTheKeyAndIsRefusedAsAnOption() throws Exception {
        var channel = new LineWorksChannel(http, JSON, Clock.systemUTC());
        // pasted from a Windows browser: CRLF line ends and blank lines around the parts
        channel.send(withSecret("ch-0001", "\r\n" + CLIENT_SECRET + "\r\n\r\n" + pem.replace("\n", "\r\n"), Map.of()),
                notice("折り返し希望"), "k");
        assertThat(problems).isEmpty();
        assertThat(issued.get()).isEqualTo(1);

        assertThatThrownBy(() -> channel.check(destination("ch-0001", pem, Map.of("client-secret", CLIENT_SECRET))))
                .isInstanceOf(InvalidDestination.class).hasMessageContaining("must not be an option")
                .hasMessageNotContaining(CLIENT_SECRET);
        assertThatThrownBy(() -> channel.check(destination("ch-0001", pem, Map.of("client-secret", ""))))
                .isInstanceOf(InvalidDestination.class).hasMessageContaining("must not be an option");
        record Bad(String secret, String says) {
        }
        for (Bad bad : List.of(
                new Bad(pem, "client secret is missing"),
                new Bad(CLIENT_SECRET, "private key is missing"),
                new Bad(CLIENT_SECRET + "\n\n  ", "private key is missing"),
                new Bad("   \n\t", "secret is missing"),
                new Bad("a b c\n" + pem, "client secret (first line)"),
                new Bad("Secret0123456789\u202E\n" + pem, "client secret (first line)"),
                new Bad("x".repeat(300) + "\n" + pem, "client secret (first line)"),
                new Bad(CLIENT_SECRET + "\nnot a pem at all", "then the private key"),
                new Bad(CLIENT_SECRET + "\nanother-secret\n" + pem, "then the private key"),
                new Bad("{\"clientSecret\":\"" + CLIENT_SECRET + "\"}", "client secret (first line)"))) {
            assertThatThrownBy(() -> channel.check(withSecret("ch-0001", bad.secret(), Map.of()))).as(bad.says())
                    .isInstanceOf(InvalidDestination.class).hasMessageContaining(bad.says())
                    .hasMessageNotContaining(CLIENT_SECRET).hasMessageNotContaining("BEGIN PRIVATE");
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }
}
