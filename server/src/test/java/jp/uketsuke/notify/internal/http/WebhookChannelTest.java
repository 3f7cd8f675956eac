package jp.uketsuke.notify.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import jp.uketsuke.notify.ChannelKind;
import jp.uketsuke.notify.Destination;
import jp.uketsuke.notify.Notice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The generic webhook as a receiver sees it: Standard Webhooks headers whose signature the test recomputes on its
 * own, the same id on every attempt, and docs/examples/VerifyWebhook.java — run as the docs tell receivers to run it
 * — accepting what the channel really sent and refusing a tampered, stale or repeated one.
 */
class WebhookChannelTest {

    private static final Path EXAMPLE = Path.of("").toAbsolutePath().getParent()
            .resolve("docs/examples/VerifyWebhook.java");
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);
    private static final Notice NOTICE = new Notice(UUID.randomUUID(), "着信: 山田様",
            List.of("折り返し希望", "電話番号: 090-****-5678"), URI.create("https://console.example/calls/7"));

    @TempDir
    Path dir;
    private FakeReceiver receiver;
    private OutboundHttp http;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        receiver = FakeReceiver.trusted();
        http = new OutboundHttp(OutboundHttpTest.properties(FakeReceiver.caPem(dir), List.of("localhost"),
                List.of("localhost"), Duration.ofSeconds(3), receiver.url("/")), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        processes.forEach(Process::destroy);
        http.close();
        receiver.close();
    }

    private FakeReceiver.Request sent(String idempotencyKey, Clock clock) throws Exception {
        var channel = new WebhookChannel(http, JsonMapper.builder().build(), clock);
        Destination destination = new Destination(UUID.randomUUID(), UUID.randomUUID(), ChannelKind.WEBHOOK,
                receiver.url("/uketsuke/notices").toString(), SECRET, java.util.Map.of());
        channel.check(destination);
        channel.send(destination, NOTICE, idempotencyKey);
        return receiver.requests.getLast();
    }

    @Test
    void theSignatureIsHmacSha256OverIdTimestampAndBodyAndTheBodyCarriesTheNotice() throws Exception {
        FakeReceiver.Request request = sent("delivery-42", Clock.systemUTC());

        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        assertThat(id).isEqualTo("delivery-42");
        assertThat(request.header("Idempotency-Key")).isEqualTo(id);
        assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(),
                org.assertj.core.data.Offset.offset(5L));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        byte[] expected = mac.doFinal((id + "." + timestamp + "." + request.text()).getBytes(StandardCharsets.UTF_8));
        assertThat(request.header("webhook-signature")).isEqualTo("v1," + Base64.getEncoder().encodeToString(expected));

        JsonNode body = JsonMapper.builder().build().readTree(request.body());
        assertThat(body.path("type").asString()).isEqualTo("notice");
        assertThat(body.path("data").path("id").asString()).isEqualTo(NOTICE.id().toString());
        assertThat(body.path("data").path("subject").asString()).isEqualTo("着信: 山田様");
        assertThat(body.path("data").path("lines").get(1).asString()).isEqualTo("電話番号: 090-****-5678");
        assertThat(body.path("data").path("link").asString()).isEqualTo("https://console.example/calls/7");
    }

    @Test
    void everyAttemptOfOneDeliveryCarriesTheSameIdAndAKeyThatDoesNotFitAHeaderIsDigested() throws Exception {
        String first = sent("delivery-7", Clock.systemUTC()).header("webhook-id");
        String again = sent("delivery-7", Clock.offset(Clock.systemUTC(), Duration.ofMinutes(3)))
                .header("webhook-id");
        assertThat(again).isEqualTo(first);
        String odd = sent("配達 7\r\nX-Injected: 1", Clock.systemUTC()).header("webhook-id");
        assertThat(odd).matches("msg_[0-9a-f]{32}");
        assertThat(receiver.requests.getLast().header("X-Injected")).isNull();
    }

    @Test
    void theDocumentedVerifierAcceptsWhatTheChannelSentAndRefusesTamperedOrStaleRequests() throws Exception {
        FakeReceiver.Request request = sent("delivery-9", Clock.systemUTC());
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        String signature = request.header("webhook-signature");

        assertThat(verify(id, timestamp, signature, request.body())).startsWith("0 verified delivery-9");
        byte[] tampered = request.text().replace("折り返し希望", "至急振込希望").getBytes(StandardCharsets.UTF_8);
        assertThat(verify(id, timestamp, signature, tampered)).startsWith("1 rejected: no signature matches");
        assertThat(verify("delivery-10", timestamp, signature, request.body())).startsWith("1 rejected");

        FakeReceiver.Request stale = sent("delivery-11", Clock.fixed(Instant.now().minusSeconds(600), ZoneOffset.UTC));
        assertThat(verify(stale.header("webhook-id"), stale.header("webhook-timestamp"),
                stale.header("webhook-signature"), stale.body())).startsWith("1 rejected: webhook-timestamp");
    }

    @Test
    void theDocumentedReceiverTakesARequestOnceAndRefusesAForgery() throws Exception {
        FakeReceiver.Request request = sent("delivery-12", Clock.systemUTC());
        Process receiverProcess = start("serve", "0");
        String first = new BufferedReader(new InputStreamReader(receiverProcess.getInputStream(),
                StandardCharsets.UTF_8)).readLine();
        assertThat(first).startsWith("listening on port ");
        URI url = URI.create("http://127.0.0.1:" + first.substring("listening on port ".length()) + "/");
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpRequest replay = HttpRequest.newBuilder(url)
                    .header("webhook-id", request.header("webhook-id"))
                    .header("webhook-timestamp", request.header("webhook-timestamp"))
                    .header("webhook-signature", request.header("webhook-signature"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.body())).build();
            HttpResponse<String> taken = client.send(replay, HttpResponse.BodyHandlers.ofString());
            assertThat(taken.statusCode()).isEqualTo(200);
            assertThat(taken.body()).isEqualTo("verified delivery-12");
            HttpResponse<String> repeated = client.send(replay, HttpResponse.BodyHandlers.ofString());
            assertThat(repeated.body()).isEqualTo("duplicate delivery-12");
            HttpRequest forged = HttpRequest.newBuilder(url)
                    .header("webhook-id", "delivery-13")
                    .header("webhook-timestamp", request.header("webhook-timestamp"))
                    .header("webhook-signature", request.header("webhook-signature"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.body())).build();
            assertThat(client.send(forged, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        }
    }

    /** Runs the example as the docs say, and returns its exit code and output. */
    private String verify(String id, String timestamp, String signature, byte[] body) throws Exception {
        Path file = Files.write(Files.createTempFile(dir, "body", ".json"), body);
        Process process = start("verify", id, timestamp, signature, file.toString());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() + " " + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private Process start(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), EXAMPLE.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("WEBHOOK_SECRET", SECRET);
        Process process = builder.start();
        processes.add(process);
        return process;
    }
}
