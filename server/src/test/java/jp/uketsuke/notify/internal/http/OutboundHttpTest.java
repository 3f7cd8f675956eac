package jp.uketsuke.notify.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client every channel shares, against real HTTPS servers that misbehave: redirects, huge and slow answers,
 * certificates that do not verify, rate limits, and addresses a notification must never reach.
 */
class OutboundHttpTest {

    static final String SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
    static final Notice NOTICE = new Notice(UUID.randomUUID(), "着信: 山田様", List.of("折り返し希望"),
            URI.create("https://console.example/calls/1"));

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    private FakeReceiver receiver;
    private Path ca;

    @BeforeEach
    void start() throws Exception {
        receiver = closeLater(FakeReceiver.trusted());
        ca = FakeReceiver.caPem(dir);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        open.add(closeable);
        return closeable;
    }

    static OutboundHttpProperties properties(Path ca, List<String> allowed, List<String> privateAllowed,
                                             Duration requestTimeout, URI base) {
        return new OutboundHttpProperties(allowed, privateAllowed, ca, Duration.ofSeconds(2), requestTimeout, null,
                Duration.ofMinutes(10), base.resolve("/api"), base.resolve("/v2"),
                base.resolve("/oauth2/v2.0/token"), base.resolve("/v1.0"));
    }

    private WebhookChannel webhook(List<String> allowed, List<String> privateAllowed, Duration timeout)
            throws Exception {
        OutboundHttp http = closeLater(new OutboundHttp(properties(ca, allowed, privateAllowed, timeout,
                receiver.url("/")), Clock.systemUTC()));
        return new WebhookChannel(http, JsonMapper.builder().build(), Clock.systemUTC());
    }

    private WebhookChannel webhook() throws Exception {
        return webhook(List.of("localhost", "127.0.0.1"), List.of("localhost", "127.0.0.1"), Duration.ofSeconds(3));
    }

    static Destination destination(ChannelKind kind, String address, String secret) {
        return new Destination(UUID.randomUUID(), UUID.randomUUID(), kind, address, secret, Map.of());
    }

    private DeliveryFailure sendFails(WebhookChannel channel, String url) {
        Destination destination = destination(ChannelKind.WEBHOOK, url, SECRET);
        try {
            channel.send(destination, NOTICE, "delivery-1");
        } catch (DeliveryFailure failure) {
            return failure;
        }
        throw new AssertionError("the send succeeded");
    }

    @Test
    void aReceiverThatTakesTheNoticeIsADelivery() throws Exception {
        WebhookChannel channel = webhook();
        Destination destination = destination(ChannelKind.WEBHOOK, receiver.url("/hook").toString(), SECRET);
        channel.check(destination);
        channel.send(destination, NOTICE, "delivery-1");
        assertThat(receiver.only().path()).isEqualTo("/hook");
    }

    @Test
    void aRedirectIsNotFollowedAndFailsForGood() throws Exception {
        FakeReceiver elsewhere = closeLater(FakeReceiver.trusted());
        receiver.answer(r -> FakeReceiver.Reply.of(302, "").with("Location", elsewhere.url("/stolen").toString()));
        DeliveryFailure failure = sendFails(webhook(), receiver.url("/hook").toString());
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).contains("302").contains("redirect");
        assertThat(elsewhere.requests).isEmpty();
    }

    @Test
    void aHugeAnswerIsReadOnlyUpToTheCap() throws Exception {
        receiver.answer(r -> new FakeReceiver.Reply(200, Map.of(), "", 512L * 1024 * 1024, 0));
        long start = System.nanoTime();
        WebhookChannel channel = webhook();
        channel.send(destination(ChannelKind.WEBHOOK, receiver.url("/hook").toString(), SECRET), NOTICE, "d-1");
        // half a gigabyte would take far longer to read than to refuse; the cap stops it after 64 KiB
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aSlowReceiverTimesOutAndMayBeTriedAgain() throws Exception {
        receiver.answer(r -> new FakeReceiver.Reply(200, Map.of(), "ok", 0, 5_000));
        WebhookChannel channel = webhook(List.of("localhost"), List.of("localhost"), Duration.ofMillis(700));
        long start = System.nanoTime();
        DeliveryFailure failure = sendFails(channel, receiver.url("/hook").toString());
        assertThat(failure.retryable()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void anUntrustedCertificateFailsForGood() throws Exception {
        FakeReceiver impostor = closeLater(FakeReceiver.untrusted());
        DeliveryFailure failure = sendFails(webhook(), impostor.url("/hook").toString());
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).contains("certificate");
        assertThat(impostor.requests).isEmpty();
    }

    @Test
    void aCertificateForAnotherHostFailsForGood() throws Exception {
        FakeReceiver other = closeLater(FakeReceiver.wrongName());
        DeliveryFailure failure = sendFails(webhook(), other.url("/hook").toString());
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.getMessage()).contains("certificate");
        assertThat(other.requests).isEmpty();
    }

    @Test
    void tooManyRequestsMayBeTriedAgainAfterTheReceiversRetryAfterCapped() throws Exception {
        receiver.answer(r -> FakeReceiver.Reply.of(429, "slow down").with("Retry-After", "30"));
        DeliveryFailure failure = sendFails(webhook(), receiver.url("/hook").toString());
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(30));
        assertThat(failure.getMessage()).doesNotContain("slow down");

        receiver.answer(r -> FakeReceiver.Reply.of(503, "").with("Retry-After", "999999"));
        DeliveryFailure capped = sendFails(webhook(), receiver.url("/hook").toString());
        assertThat(capped.retryable()).isTrue();
        assertThat(capped.retryAfter()).contains(Duration.ofMinutes(10));
    }

    @Test
    void aRefusedTokenOrAMissingAddressFailsForGoodWithoutQuotingTheAnswer() throws Exception {
        for (int status : new int[] {400, 401, 403, 404, 410}) {
            receiver.answer(r -> FakeReceiver.Reply.of(status, "echo: 着信: 山田様 secret-token"));
            DeliveryFailure failure = sendFails(webhook(), receiver.url("/hook").toString());
            assertThat(failure.retryable()).as("HTTP %d", status).isFalse();
            assertThat(failure.getMessage()).contains(String.valueOf(status)).doesNotContain("echo", "山田");
        }
    }

    @Test
    void aRefusedConnectionMayBeTriedAgain() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        DeliveryFailure failure = sendFails(webhook(), "https://localhost:" + closedPort + "/hook");
        assertThat(failure.retryable()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://10.0.0.1/hook", "https://169.254.169.254/latest/meta-data/",
            "https://[::1]/hook", "https://0.0.0.0/hook", "https://[::ffff:10.0.0.1]/hook",
            "https://[fd00::1]/hook", "https://[fe80::1]/hook", "https://100.64.0.1/hook", "https://224.0.0.1/hook"})
    void internalAddressesAreRefusedAtCheckAndAtSendEvenWhenAllowListed(String url) throws Exception {
        String host = URI.create(url).getHost();
        WebhookChannel channel = webhook(List.of(host, "localhost"), List.of("localhost"), Duration.ofSeconds(2));
        Destination destination = destination(ChannelKind.WEBHOOK, url, SECRET);
        assertThatThrownBy(() -> channel.check(destination)).isInstanceOf(InvalidDestination.class)
                .hasMessageContaining("address");
        DeliveryFailure failure = sendFails(channel, url);
        assertThat(failure.retryable()).isFalse();
    }

    @Test
    void aNameResolvingToLoopbackIsRefusedUnlessNamedInPrivateHostsAllowed() throws Exception {
        WebhookChannel channel = webhook(List.of("localhost"), List.of(), Duration.ofSeconds(2));
        Destination destination = destination(ChannelKind.WEBHOOK, receiver.url("/hook").toString(), SECRET);
        assertThatThrownBy(() -> channel.check(destination)).isInstanceOf(InvalidDestination.class)
                .hasMessageContaining("private-hosts-allowed");
        assertThat(sendFails(channel, receiver.url("/hook").toString()).retryable()).isFalse();
        assertThat(receiver.requests).isEmpty();
    }

    @Test
    void aNameThatResolvesElsewhereWhenConnectingIsStoppedByTheTunnel() throws Exception {
        // DNS rebinding: a public address when first checked, loopback when connecting
        AtomicInteger lookups = new AtomicInteger();
        OutboundHttpProperties properties = properties(ca, List.of("rebind.example"), List.of(),
                Duration.ofSeconds(2), receiver.url("/"));
        HostPolicy policy = new HostPolicy(properties, host -> new InetAddress[] {lookups.getAndIncrement() == 0
                ? InetAddress.getByName("203.0.113.7") : InetAddress.getByName("127.0.0.1")});
        OutboundHttp http = closeLater(new OutboundHttp(properties, policy, Clock.systemUTC()));
        WebhookChannel channel = new WebhookChannel(http, JsonMapper.builder().build(), Clock.systemUTC());
        DeliveryFailure failure = sendFails(channel, "https://rebind.example:" + receiver.port() + "/hook");
        assertThat(failure.retryable()).isFalse();
        assertThat(lookups.get()).isEqualTo(2);
        assertThat(receiver.requests).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost/hook", "https://user:s3cr3tpw@localhost/hook", "https://example.org/hook",
            "ftp://localhost/hook", "https:///hook", "https://local host/hook", "https://localhost/hook#frag",
            "not a url", "", "https://exämple.jp/hook", "https://localhost:99999/hook", "//localhost/hook"})
    void malformedOrForbiddenUrlsAreInvalidAndNeverSent(String url) throws Exception {
        WebhookChannel channel = webhook();
        Destination destination = destination(ChannelKind.WEBHOOK, url, SECRET);
        assertThatThrownBy(() -> channel.check(destination)).isInstanceOf(InvalidDestination.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3tpw").doesNotContain(SECRET));
        assertThat(sendFails(channel, url).retryable()).isFalse();
        assertThat(receiver.requests).isEmpty();
    }

    @Test
    void overlongValuesAndBadSecretsAreInvalidWithoutEchoingThem() throws Exception {
        WebhookChannel channel = webhook();
        String longUrl = receiver.url("/hook?").toString() + "a".repeat(3000);
        assertThatThrownBy(() -> channel.check(destination(ChannelKind.WEBHOOK, longUrl, SECRET)))
                .isInstanceOf(InvalidDestination.class).hasMessageContaining("longer than");
        String badSecret = "whsec_c2hvcnQtYnV0LXNlY3JldA==";
        assertThatThrownBy(() -> channel.check(destination(ChannelKind.WEBHOOK, receiver.url("/h").toString(),
                badSecret))).isInstanceOf(InvalidDestination.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("c2hvcnQtYnV0LXNlY3JldA"));
        String overlongSecret = "whsec_" + "A".repeat(10_000);
        assertThatThrownBy(() -> channel.check(destination(ChannelKind.WEBHOOK, receiver.url("/h").toString(),
                overlongSecret))).isInstanceOf(InvalidDestination.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("AAAA"));
    }

    @Test
    void theRealServicesAreAllowedByDefaultAndNothingElse() {
        HostPolicy policy = new HostPolicy(OutboundHttpProperties.defaults());
        assertThat(policy.isAllowed("hooks.slack.com")).isTrue();
        assertThat(policy.isAllowed("prod-23.westeurope.logic.azure.com")).isTrue();
        assertThat(policy.isAllowed("default5c07.61.environment.api.powerplatform.com")).isTrue();
        assertThat(policy.isAllowed("www.worksapis.com")).isTrue();
        assertThat(policy.isAllowed("logic.azure.com")).isFalse();
        assertThat(policy.isAllowed("evil-logic.azure.com")).isFalse();
        assertThat(policy.isAllowed("hooks.slack.com.evil.example")).isFalse();
        assertThat(policy.isAllowed("localhost")).isFalse();
    }
}
