package jp.uketsuke.notify.internal.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A real HTTPS server standing in for Slack, Teams, Chatwork, LINE WORKS, Discord or a webhook receiver: it records
 * every request as received and answers as the test scripts it. Certificates come from a CA made for the test run,
 * whose PEM the client is given as {@code uketsuke.notify.tls-trust}; {@link #untrusted} and {@link #wrongName}
 * present certificates the client must refuse.
 */
public final class FakeReceiver implements AutoCloseable {

    /** A request as it arrived: header names in lower case. */
    public record Request(String method, String path, String query, Map<String, String> headers, byte[] body) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** An answer; {@code bodyBytes} beyond {@code body} are streamed as filler (a huge answer). */
    public record Reply(int status, Map<String, String> headers, String body, long filler, long delayMillis) {

        public static Reply of(int status, String body) {
            return new Reply(status, Map.of(), body, 0, 0);
        }

        public static Reply json(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/json"), body, 0, 0);
        }

        public Reply with(String header, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(header, value);
            return new Reply(status, h, body, filler, delayMillis);
        }
    }

    private static final Ca CA = new Ca();

    private final HttpsServer server;
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Reply> answer = request -> Reply.of(200, "ok");

    private FakeReceiver(SSLContext tls) throws IOException {
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** A certificate for localhost and 127.0.0.1 from the test CA. */
    public static FakeReceiver trusted() throws Exception {
        return new FakeReceiver(CA.serverContext(List.of("localhost"), true));
    }

    /** A self-signed certificate for localhost: no CA the client trusts issued it. */
    static FakeReceiver untrusted() throws Exception {
        return new FakeReceiver(CA.serverContext(List.of("localhost"), false));
    }

    /** A certificate from the trusted CA, for another host name. */
    static FakeReceiver wrongName() throws Exception {
        return new FakeReceiver(CA.serverContext(List.of("elsewhere.example"), true));
    }

    /** Server TLS with a certificate from the test CA for these names (the first is the subject), for other servers. */
    public static SSLContext serverTls(String... names) throws Exception {
        return CA.serverContext(List.of(names), true);
    }

    /** Server TLS with a self-signed certificate for localhost: no CA the client trusts issued it. */
    public static SSLContext selfSignedTls() throws Exception {
        return CA.serverContext(List.of("localhost"), false);
    }

    /** Client TLS trusting the test CA and nothing else. */
    public static SSLContext trustingTestCa() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("notify-test-ca", CA.certificate);
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** The test CA's certificate as PEM, for {@code uketsuke.notify.tls-trust}. */
    public static Path caPem(Path directory) throws Exception {
        Path file = directory.resolve("notify-test-ca.pem");
        try (StringWriter out = new StringWriter(); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(CA.certificate);
            pem.flush();
            Files.writeString(file, out.toString());
        }
        return file;
    }

    public void answer(Function<Request, Reply> answer) {
        this.answer = answer;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI url(String pathAndQuery) {
        return URI.create("https://localhost:" + port() + pathAndQuery);
    }

    Request only() {
        if (requests.size() != 1) {
            throw new AssertionError("expected one request, got " + requests.size());
        }
        return requests.getFirst();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), headers, exchange.getRequestBody().readAllBytes());
            requests.add(request);
            Reply reply = answer.apply(request);
            if (reply.delayMillis() > 0) {
                Thread.sleep(reply.delayMillis());
            }
            reply.headers().forEach(exchange.getResponseHeaders()::add);
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), reply.filler() > 0 ? 0 : body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) 'x');
                for (long sent = 0; sent < reply.filler(); sent += chunk.length) {
                    out.write(chunk);
                }
            }
        } catch (IOException e) {
            // the client hung up, as it should on a huge or slow answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A CA made once per test run, and server certificates from it (or self-signed ones). */
    private static final class Ca {

        final KeyPair keys = generate();
        final X509Certificate certificate;

        Ca() {
            try {
                X500Name name = new X500Name("CN=Uketsuke notify test CA");
                Instant now = Instant.now();
                var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                        Date.from(now.minusSeconds(3600)), Date.from(now.plusSeconds(86_400)), name, keys.getPublic());
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                certificate = sign(builder, keys.getPrivate());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        SSLContext serverContext(List<String> names, boolean fromCa) throws Exception {
            KeyPair pair = generate();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=" + names.getFirst());
            X500Name issuer = fromCa ? new X500Name("CN=Uketsuke notify test CA") : subject;
            var builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(System.nanoTime()),
                    Date.from(now.minusSeconds(3600)), Date.from(now.plusSeconds(86_400)), subject, pair.getPublic());
            GeneralName[] alternatives = new GeneralName[names.size() + (names.contains("localhost") ? 1 : 0)];
            for (int i = 0; i < names.size(); i++) {
                alternatives[i] = new GeneralName(GeneralName.dNSName, names.get(i));
            }
            if (names.contains("localhost")) {
                alternatives[names.size()] = new GeneralName(GeneralName.iPAddress, "127.0.0.1");
            }
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives));
            X509Certificate leaf = sign(builder, fromCa ? keys.getPrivate() : pair.getPrivate());
            char[] password = "test".toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", pair.getPrivate(), password, fromCa
                    ? new X509Certificate[] {leaf, certificate} : new X509Certificate[] {leaf});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
            return tls;
        }

        private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey key) throws Exception {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        }

        private static KeyPair generate() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                return generator.generateKeyPair();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
