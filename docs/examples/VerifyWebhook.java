// Verifies Uketsuke's webhook notifications (Standard Webhooks signatures). Needs only a JDK (17 or later):
//
//   WEBHOOK_SECRET=whsec_... java docs/examples/VerifyWebhook.java serve 8080
//       a receiver on http://127.0.0.1:8080/ (put it behind your HTTPS reverse proxy)
//
//   WEBHOOK_SECRET=whsec_... java docs/examples/VerifyWebhook.java verify <webhook-id> <webhook-timestamp> \
//       <webhook-signature> <body-file>
//       checks one request; prints "verified <id>" and exits 0, or "rejected: <reason>" and exits 1
//
// The secret comes from the environment, never the command line (which other users of the machine can read).

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class VerifyWebhook {

    /** Requests older or newer than this are refused: a captured request cannot be replayed later. */
    static final Duration TOLERANCE = Duration.ofMinutes(5);
    static final int MAX_BODY = 1 << 20;

    public static void main(String[] args) throws Exception {
        String secret = System.getenv("WEBHOOK_SECRET");
        if (secret == null || args.length == 0) {
            System.err.println("set WEBHOOK_SECRET=whsec_... and run: serve <port> | verify <id> <timestamp> "
                    + "<signature> <body-file>");
            System.exit(2);
        }
        byte[] key = key(secret);
        if (args[0].equals("verify") && args.length == 5) {
            String why = verify(key, args[1], args[2], args[3], Files.readAllBytes(Path.of(args[4])), Instant.now());
            System.out.println(why == null ? "verified " + args[1] : "rejected: " + why);
            System.exit(why == null ? 0 : 1);
        } else if (args[0].equals("serve")) {
            serve(key, args.length > 1 ? Integer.parseInt(args[1]) : 8080);
        } else {
            System.err.println("unknown command");
            System.exit(2);
        }
    }

    /** The HMAC key: the secret without "whsec_", base64-decoded. */
    static byte[] key(String secret) {
        if (!secret.startsWith("whsec_")) {
            throw new IllegalArgumentException("the secret must start with whsec_");
        }
        return Base64.getDecoder().decode(secret.substring("whsec_".length()));
    }

    /** Null when the request is genuine and fresh; otherwise why not. */
    static String verify(byte[] key, String id, String timestamp, String signatures, byte[] body, Instant now)
            throws Exception {
        if (id == null || timestamp == null || signatures == null) {
            return "a webhook-id, webhook-timestamp or webhook-signature header is missing";
        }
        if (!timestamp.matches("[0-9]{1,12}")) {
            return "webhook-timestamp is not Unix seconds";
        }
        Instant sent = Instant.ofEpochSecond(Long.parseLong(timestamp));
        if (Duration.between(sent, now).abs().compareTo(TOLERANCE) > 0) {
            return "webhook-timestamp is more than 5 minutes from now (a replay, or a wrong clock)";
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        byte[] expected = mac.doFinal(body); // over the raw bytes as received, before any JSON parsing
        for (String signature : signatures.split(" ")) { // several during a secret rotation
            if (!signature.startsWith("v1,")) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(signature.substring(3));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) { // constant time: no byte-by-byte guessing
                return null;
            }
        }
        return "no signature matches";
    }

    static void serve(byte[] key, int port) throws IOException {
        Map<String, Instant> seen = new LinkedHashMap<>(); // webhook-id -> when: retries repeat the same id
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
                if (!exchange.getRequestMethod().equals("POST") || body.length > MAX_BODY) {
                    answer(exchange, 400, "bad request");
                    return;
                }
                String id = exchange.getRequestHeaders().getFirst("webhook-id");
                String why = verify(key, id, exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"), body, Instant.now());
                if (why != null) {
                    answer(exchange, 401, "rejected: " + why);
                    return;
                }
                synchronized (seen) {
                    Instant now = Instant.now();
                    for (Iterator<Instant> at = seen.values().iterator(); at.hasNext(); ) {
                        if (at.next().isBefore(now.minus(TOLERANCE.multipliedBy(2)))) {
                            at.remove(); // older than any timestamp we would still accept
                        }
                    }
                    if (seen.putIfAbsent(id, now) != null) {
                        answer(exchange, 200, "duplicate " + id); // taken before: say yes, do nothing
                        return;
                    }
                }
                // hand the body to your own code here; it holds what callers said, so do not log it
                System.out.println("verified notice " + id + " (" + body.length + " bytes)");
                answer(exchange, 200, "verified " + id);
            } catch (Exception e) {
                answer(exchange, 500, "error");
            }
        });
        server.start();
        System.out.println("listening on port " + server.getAddress().getPort());
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
