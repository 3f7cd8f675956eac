package jp.uketsuke.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import jp.uketsuke.calls.CallDetail;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.calls.CallSummary;
import jp.uketsuke.calls.TranscriptTurn;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.sms.CallTextMessages;
import jp.uketsuke.sms.TextMessage;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.testing.FakeTwilio;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.FlowEditing;
import jp.uketsuke.voicebot.Node;
import jp.uketsuke.voicebot.Prompt;
import jp.uketsuke.web.HttpsClient;
import org.junit.jupiter.api.AfterAll;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Real calls (SIPp pressing keys) through a flow with an sms node, the server sending through a local HTTPS server
 * speaking Twilio's Messages API (F6): a caller on a mobile presses 1 and the link reaches Twilio for their number;
 * a caller on a landline keys in a landline (refused), then a mobile that is read back and confirmed. Each call's
 * record shows its message and status; a signed delivery report over HTTPS marks it delivered.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, args = "--demo")
class SmsCallTest {

    private static final String LINK = "https://www.example.jp/booking";
    private static final String WEBHOOK_BASE = "https://uketsuke.example.jp";
    private static final FakeTwilio TWILIO;

    static {
        try {
            TWILIO = new FakeTwilio(Files.createTempDirectory("fake-twilio"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Autowired
    Tenants tenants;
    @Autowired
    CallHistory history;
    @Autowired
    CallTextMessages texts;
    @Autowired
    FlowEditing flows;
    @Value("${uketsuke.sip.port}")
    int sipPort;
    @Value("${uketsuke.data-dir}")
    Path dataDir;
    @LocalServerPort
    int httpsPort;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        DemoCallScenarios.telephonyOn(registry, "sms");
        registry.add("uketsuke.rtp.timeout", () -> "120s");
        registry.add("uketsuke.sms.provider", () -> "twilio");
        registry.add("uketsuke.sms.twilio.base-url", () -> TWILIO.baseUrl().toString());
        registry.add("uketsuke.sms.twilio.account-sid", () -> FakeTwilio.ACCOUNT_SID);
        registry.add("uketsuke.sms.twilio.auth-token", () -> FakeTwilio.AUTH_TOKEN);
        registry.add("uketsuke.sms.twilio.from", () -> FakeTwilio.FROM);
        registry.add("uketsuke.sms.twilio.trust-store", () -> TWILIO.trustStore().toString());
        registry.add("uketsuke.sms.twilio.trust-store-password", () -> FakeTwilio.TRUST_STORE_PASSWORD);
        registry.add("uketsuke.sms.twilio.webhook-base-url", () -> WEBHOOK_BASE);
        registry.add("uketsuke.sms.poll-interval", () -> "200ms");
    }

    @AfterAll
    static void stopTwilio() {
        TWILIO.close();
    }

    private UUID publish() {
        UUID tenant = tenants.lineFor(DemoCallScenarios.DEMO_NUMBER).orElseThrow().tenantId();
        Viewer editor = new Viewer("test:flows", Set.of(tenant), Set.of(Permissions.FLOWS_EDIT), null);
        flows.saveDraft(editor, tenant, new Flow("en-US", "sms", List.of(
                new Node.Sms("sms", null, LINK, "Book your visit here: {url}", null, null, "bye", "sorry"),
                new Node.Hangup("bye", Prompt.text("Goodbye.")),
                new Node.Hangup("sorry", Prompt.text("Sorry. Goodbye."))), List.of(), List.of(), null));
        flows.publish(editor, tenant);
        return tenant;
    }

    /**
     * Milliseconds to wait (Integer) and keys to press (a String of keys, 250 ms apart), in order. SIPp replays each
     * key's capture as it is, so the same key twice in a row would look like one press: the numbers avoid that.
     */
    private static String keys(Object... pausesAndKeys) {
        StringBuilder out = new StringBuilder();
        for (Object step : pausesAndKeys) {
            if (step instanceof Integer ms) {
                out.append("  <pause milliseconds=\"").append(ms).append("\"/>\n");
            } else {
                for (char key : step.toString().toCharArray()) {
                    String name = key == '#' ? "pound" : key == '*' ? "star" : String.valueOf(key);
                    out.append("  <nop><action><exec play_pcap_audio=\"/usr/share/sip-tester/dtmf_2833_")
                            .append(name).append(".pcap\"/></action></nop>\n  <pause milliseconds=\"250\"/>\n");
                }
            }
        }
        return out.toString();
    }

    private CallDetail call(UUID tenant, String from, String keys) throws Exception {
        Instant before = Instant.now();
        try (SippCaller.Media caller = new SippCaller.Media()) {
            Path scenario = SippCaller.scenario("caller-presses-keys.xml", s -> s
                    .replace("09011112222", from)
                    .replace("m=audio [media_port]", "m=audio " + caller.port())
                    .replace("  <!-- KEYS: the test puts pauses and RFC 4733 key presses here -->\n", keys));
            assertThat(SippCaller.call(sipPort, scenario, DemoCallScenarios.DEMO_NUMBER)).isZero();
        }
        Viewer viewer = new Viewer("test:e2e", Set.of(tenant), Set.of(Permissions.CALLS_READ), "127.0.0.1");
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            List<CallSummary> calls = history.list(viewer, tenant, 20).stream()
                    .filter(c -> !c.startedAt().isBefore(before.minusSeconds(1))).toList();
            if (calls.size() == 1 && calls.getFirst().outcome() != CallOutcome.IN_PROGRESS
                    || Instant.now().isAfter(deadline)) {
                assertThat(calls).hasSize(1);
                return history.find(viewer, calls.getFirst().id()).orElseThrow();
            }
            Thread.sleep(100);
        }
    }

    private List<TextMessage> messagesOnceSent(UUID tenant, UUID callId) throws InterruptedException {
        Viewer viewer = new Viewer("test:e2e", Set.of(tenant), Set.of(Permissions.CALLS_READ), "127.0.0.1");
        Instant deadline = Instant.now().plusSeconds(20);
        List<TextMessage> messages = texts.ofCall(viewer, callId);
        while ((messages.isEmpty() || messages.stream().anyMatch(m -> m.status().equals("queued")
                || m.status().equals("sending"))) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            messages = texts.ofCall(viewer, callId);
        }
        return messages;
    }

    private static List<String> texts(CallDetail call) {
        return call.turns().stream().map(TranscriptTurn::text).toList();
    }

    @Test
    void aCallerOnAMobileWhoPressesOneGetsTheLinkAndTheCallShowsItDelivered() throws Exception {
        UUID tenant = publish();
        int before = TWILIO.received.size();
        CallDetail call = call(tenant, "09011112222", keys(2500, "1"));
        assertThat(texts(call)).containsSubsequence("[DTMF 1]",
                "[SMS to 090-****-2222 queued: Book your visit here: " + LINK + "]",
                "We have sent you a text message.", "Goodbye.");
        List<TextMessage> messages = messagesOnceSent(tenant, call.summary().id());
        assertThat(messages).singleElement().satisfies(m -> {
            assertThat(m.status()).isEqualTo("sent");
            assertThat(m.destination()).isEqualTo("090-****-2222");
            assertThat(m.text()).isEqualTo("Book your visit here: " + LINK);
            assertThat(m.attempts()).isEqualTo(1);
        });
        assertThat(TWILIO.received.subList(before, TWILIO.received.size())).singleElement().satisfies(m -> {
            assertThat(m.to()).isEqualTo("+819011112222");
            assertThat(m.body()).isEqualTo("Book your visit here: " + LINK);
            assertThat(m.statusCallback()).isEqualTo(WEBHOOK_BASE + "/webhooks/sms/twilio/status");
        });

        // Twilio reports delivery to the status callback, signed; the call's record follows
        String sid = TWILIO.received.getLast().sid();
        Map<String, String> report = new TreeMap<>(Map.of("AccountSid", FakeTwilio.ACCOUNT_SID, "MessageSid", sid,
                "MessageStatus", "delivered", "To", "+819011112222", "From", FakeTwilio.FROM));
        assertThat(postWebhook("/webhooks/sms/twilio/status", report, "not a signature").statusCode()).isEqualTo(403);
        assertThat(postWebhook("/webhooks/sms/twilio/status", report, sign(WEBHOOK_BASE + "/webhooks/sms/twilio/status",
                report)).statusCode()).isEqualTo(200);
        Viewer viewer = new Viewer("test:e2e", Set.of(tenant), Set.of(Permissions.CALLS_READ), "127.0.0.1");
        assertThat(texts.ofCall(viewer, call.summary().id())).singleElement()
                .satisfies(m -> assertThat(m.status()).isEqualTo("delivered"));

        // and so does the API's call detail, for the demo tenant's key
        HttpResponse<String> detail = api("/api/v1/calls/" + call.summary().id());
        assertThat(detail.statusCode()).isEqualTo(200);
        JsonNode message = JsonMapper.builder().build().readTree(detail.body()).path("texts").path(0);
        assertThat(message.path("status").asString()).isEqualTo("delivered");
        assertThat(message.path("destination").asString()).isEqualTo("090-****-2222");
        assertThat(message.path("text").asString()).isEqualTo("Book your visit here: " + LINK);
        assertThat(detail.body()).doesNotContain("09011112222").doesNotContain("+819011112222");
    }

    private HttpResponse<String> api(String path) throws Exception {
        Properties credentials = new Properties();
        try (Reader in = Files.newBufferedReader(dataDir.resolve("demo-credentials.properties"))) {
            credentials.load(in);
        }
        HttpClient http = HttpClient.newBuilder()
                .sslContext(HttpsClient.trusting(dataDir.resolve("tls/server.crt"))).build();
        return http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + path))
                .header("Authorization", "Bearer " + credentials.getProperty("api.key")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCallerOnALandlineKeyingInALandlineIsRefusedThenAMobileIsReadBackAndGetsTheLink() throws Exception {
        UUID tenant = publish();
        int before = TWILIO.received.size();
        CallDetail call = call(tenant, "0311112222", keys(2500, "1", 4000, "0312345678#", 9000, "08012345678#",
                16000, "1"));
        assertThat(texts(call)).containsSubsequence("[SMS: the number keyed in is a landline; refused]",
                "We cannot send a text message to a landline. Please key in a mobile number starting with 070, 080 "
                        + "or 090.", "You entered", "zero", "eight", "zero", "one",
                "[SMS to 080-****-5678 queued: Book your visit here: " + LINK + "]", "Goodbye.");
        assertThat(texts(call)).noneMatch(t -> t.contains("08012345678") || t.contains("0312345678"));
        assertThat(messagesOnceSent(tenant, call.summary().id())).singleElement()
                .satisfies(m -> assertThat(m.status()).isEqualTo("sent"));
        assertThat(TWILIO.received.subList(before, TWILIO.received.size())).extracting(FakeTwilio.Received::to)
                .containsExactly("+818012345678");
    }

    private java.net.http.HttpResponse<String> postWebhook(String path, Map<String, String> form, String signature)
            throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpClient http = HttpClient.newBuilder()
                .sslContext(HttpsClient.trusting(dataDir.resolve("tls/server.crt"))).build();
        return http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Twilio's scheme, written here apart from the server's: HMAC-SHA1 over the URL and the sorted parameters. */
    private static String sign(String url, Map<String, String> sorted) throws Exception {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(sorted).forEach((k, v) -> data.append(k).append(v));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(FakeTwilio.AUTH_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
