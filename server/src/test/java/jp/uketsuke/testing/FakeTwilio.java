package jp.uketsuke.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Date;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A local HTTPS server speaking Twilio's Messages API as far as Uketsuke uses it — {@code POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json}, form-encoded, HTTP Basic authentication with the account SID and
 * auth token — answering as Twilio does: 201 with the Message resource, or an error object ({@code code},
 * {@code message}, {@code more_info}, {@code status}). Its certificate is made for the test (localhost, 127.0.0.1) and
 * trusted through a PKCS#12 trust store it writes, as production trusts Twilio's through the system. Answers can be
 * scripted (429, 500, 21610 …) before it goes back to accepting.
 */
public final class FakeTwilio implements AutoCloseable {

    public static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    public static final String AUTH_TOKEN = "f0e1d2c3b4a5968778695a4b3c2d1e0f";
    public static final String FROM = "+815012345678";
    public static final String TRUST_STORE_PASSWORD = "fake-twilio";

    /** A message Twilio accepted. */
    public record Received(String sid, String to, String from, String messagingServiceSid, String body,
                           String statusCallback, Instant at) {
    }

    private record Scripted(int status, String body, Map<String, String> headers) {
    }

    private final HttpsServer server;
    private final Path trustStore;
    private final Deque<Scripted> script = new ArrayDeque<>();
    public final List<Received> received = new CopyOnWriteArrayList<>();
    public final List<Instant> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger sids = new AtomicInteger();

    public FakeTwilio(Path directory) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=fake api.twilio.com");
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(3600)), Date.from(now.plusSeconds(86_400)), subject, pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        char[] password = TRUST_STORE_PASSWORD.toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", pair.getPrivate(), password, new X509Certificate[] {certificate});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("fake-twilio", certificate);
        trustStore = directory.resolve("fake-twilio-trust.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, password);
        }
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", this::handle);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    public Path trustStore() {
        return trustStore;
    }

    /** The next request gets this answer instead of being accepted. */
    public synchronized void answerNext(int status, String json, Map<String, String> headers) {
        script.add(new Scripted(status, json, headers));
    }

    /** Twilio's error object, as its API writes it. */
    public static String error(int code, String message, int status) {
        return "{\"code\": " + code + ", \"message\": \"" + message + "\", \"more_info\": "
                + "\"https://www.twilio.com/docs/errors/" + code + "\", \"status\": " + status + "}";
    }

    private synchronized Scripted scripted() {
        return script.poll();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.add(Instant.now());
            String path = exchange.getRequestURI().getPath();
            if (!"POST".equals(exchange.getRequestMethod())
                    || !path.equals("/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json")) {
                answer(exchange, 404, error(20404, "The requested resource " + path + " was not found", 404), Map.of());
                return;
            }
            String expected = "Basic " + Base64.getEncoder().encodeToString((ACCOUNT_SID + ":" + AUTH_TOKEN)
                    .getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, error(20003, "Authenticate", 401), Map.of());
                return;
            }
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
                answer(exchange, 400, error(20001, "Unsupported content type", 400), Map.of());
                return;
            }
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Scripted next = scripted();
            if (next != null) {
                answer(exchange, next.status(), next.body(), next.headers());
                return;
            }
            String to = form.get("To");
            if (to == null || !to.matches("\\+[1-9][0-9]{7,14}")) {
                answer(exchange, 400, error(21211, "The 'To' number " + to + " is not a valid phone number.", 400),
                        Map.of());
                return;
            }
            if (form.getOrDefault("Body", "").isEmpty()) {
                answer(exchange, 400, error(21602, "Message body is required.", 400), Map.of());
                return;
            }
            if (form.containsKey("From") == form.containsKey("MessagingServiceSid")) {
                answer(exchange, 400, error(21603, "The 'From' phone number is required.", 400), Map.of());
                return;
            }
            String sid = "SM" + HexFormat.of().toHexDigits(sids.incrementAndGet()) + "0".repeat(24);
            received.add(new Received(sid, to, form.get("From"), form.get("MessagingServiceSid"), form.get("Body"),
                    form.get("StatusCallback"), Instant.now()));
            answer(exchange, 201, """
                    {"account_sid": "%s", "api_version": "2010-04-01", "body": "%s", "date_created": "Mon, 07 Dec 2026 05:00:00 +0000",
                     "direction": "outbound-api", "error_code": null, "error_message": null, "from": "%s",
                     "messaging_service_sid": null, "num_segments": "1", "price": null, "sid": "%s", "status": "queued",
                     "to": "%s", "uri": "/2010-04-01/Accounts/%s/Messages/%s.json"}"""
                    .formatted(ACCOUNT_SID, form.get("Body").replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"), form.get("From"), sid, to,
                            ACCOUNT_SID, sid), Map.of());
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void answer(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
