package jp.uketsuke.sms.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.config.Database;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.sms.TextMessage;
import jp.uketsuke.testing.FakeTwilio;
import jp.uketsuke.voicebot.CallFacts;
import jp.uketsuke.voicebot.TextMessaging;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox on H2 and PostgreSQL, sending through a local server speaking Twilio's API: queued and sent once,
 * retried after 429 and 5xx with back-off, failed visibly after the last attempt, opted-out numbers and limits
 * refused on the call's record, queued messages picked up after a restart, no message sent twice by two workers.
 */
@ParameterizedClass
@EnumSource(Database.class)
class SmsOutboxTest {

    private static final String MOBILE = "09011112222";

    @Parameter
    Database database;
    @TempDir
    Path dataDir;
    DataFixture data;
    FakeTwilio twilio;
    TextMessageRows rows;
    UUID tenant;
    UUID call;

    @BeforeEach
    void start() throws Exception {
        data = DataFixture.start(database, dataDir);
        twilio = new FakeTwilio(dataDir);
        rows = new TextMessageRows(data.jdbc, data.vault);
        tenant = data.tenants.create("さくら不動産", "ja");
        call = UUID.randomUUID();
    }

    @AfterEach
    void stop() throws Exception {
        twilio.close();
        data.close();
    }

    private TwilioSms provider() {
        return new TwilioSms(new TwilioSms.Account(twilio.baseUrl(), FakeTwilio.ACCOUNT_SID, FakeTwilio.AUTH_TOKEN,
                FakeTwilio.FROM, null, null, Duration.ofSeconds(5)),
                SmsConfiguration.tls(new SmsProperties.Twilio(null, null, null, null, null, null, twilio.trustStore(),
                        FakeTwilio.TRUST_STORE_PASSWORD, null)), JsonMapper.builder().build(), data.clock);
    }

    private OutboxWorker worker(int maxAttempts) {
        return new OutboxWorker(rows, provider(), new SmsProperties.Retry(maxAttempts, Duration.ofSeconds(30),
                Duration.ofMinutes(10)), Duration.ofHours(1), Duration.ofMinutes(2), data.clock);
    }

    private SmsOutbox outbox(int perMinute, int perMonth) {
        return new SmsOutbox(rows, new SmsProperties.Limits(perMinute, perMonth, null), true, () -> { }, data.clock);
    }

    /** A second apart, so the call's messages have an order. */
    private TextMessaging.Queued send(SmsOutbox outbox, String to) {
        data.clock.advance(Duration.ofSeconds(1));
        return outbox.send(new CallFacts(tenant, to, "0500000001", call), to, "ご案内のページはこちらです。 https://example.jp/");
    }

    private List<TextMessage> onTheCall() {
        return new JdbcCallTextMessages(rows, data.audit).ofCall(
                new Viewer("user:staff", Set.of(tenant), Set.of(Permissions.CALLS_READ), "127.0.0.1"), call);
    }

    private long audited(String result) {
        return data.jdbc.sql("select count(*) from audit_events where action = 'sms.read' and result = ?").param(result)
                .query(Long.class).single();
    }

    @Test
    void aQueuedMessageIsSentOnceAndShownOnTheCallWithItsNumberMaskedAndSealedAtRest() throws Exception {
        assertThat(send(outbox(10, 100), MOBILE).accepted()).isTrue();
        assertThat(onTheCall()).singleElement().satisfies(m -> assertThat(m.status()).isEqualTo("queued"));
        assertThat(worker(5).sendDue()).isEqualTo(1);
        assertThat(worker(5).sendDue()).isZero();
        assertThat(twilio.received).singleElement().satisfies(m -> {
            assertThat(m.to()).isEqualTo("+819011112222");
            assertThat(m.body()).isEqualTo("ご案内のページはこちらです。 https://example.jp/");
        });
        assertThat(onTheCall()).singleElement().satisfies(m -> {
            assertThat(m.status()).isEqualTo("sent");
            assertThat(m.destination()).isEqualTo("090-****-2222");
            assertThat(m.attempts()).isEqualTo(1);
            assertThat(m.text()).contains("https://example.jp/");
            assertThat(m.lastError()).isNull();
        });
        byte[] stored = data.jdbc.sql("select destination from text_messages").query(byte[].class).single();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(MOBILE).doesNotContain("11112222");
        byte[] body = data.jdbc.sql("select body from text_messages").query(byte[].class).single();
        assertThat(new String(body, StandardCharsets.ISO_8859_1)).doesNotContain("example.jp");
        assertThat(audited("ok")).isPositive();
    }

    @Test
    void tooManyRequestsIsRetriedAfterRetryAfterAndDeliversOneMessageNotTwo() {
        SmsOutbox outbox = outbox(10, 100);
        OutboxWorker worker = worker(5);
        twilio.answerNext(429, FakeTwilio.error(20429, "Too Many Requests", 429), Map.of("Retry-After", "600"));
        send(outbox, MOBILE);
        assertThat(worker.sendDue()).isEqualTo(1);
        assertThat(onTheCall()).singleElement().satisfies(m -> {
            assertThat(m.status()).isEqualTo("queued");
            assertThat(m.lastError()).contains("429");
        });
        OffsetDateTime next = data.jdbc.sql("select next_attempt_at from text_messages").query(OffsetDateTime.class).single();
        assertThat(next.toInstant()).isAfterOrEqualTo(data.clock.instant().plusSeconds(600));
        data.clock.advance(Duration.ofSeconds(300));
        assertThat(worker.sendDue()).as("not before Retry-After").isZero();
        data.clock.advance(Duration.ofSeconds(301));
        assertThat(worker.sendDue()).isEqualTo(1);
        assertThat(twilio.requests).hasSize(2);
        assertThat(twilio.received).hasSize(1);
        assertThat(onTheCall()).singleElement().satisfies(m -> {
            assertThat(m.status()).isEqualTo("sent");
            assertThat(m.attempts()).isEqualTo(2);
        });
    }

    @Test
    void aProviderThatKeepsFailingIsTriedWithGrowingWaitsThenTheMessageFailsVisibly() {
        OutboxWorker worker = worker(3);
        send(outbox(10, 100), MOBILE);
        Instant lastWait = data.clock.instant();
        for (int attempt = 1; attempt <= 3; attempt++) {
            twilio.answerNext(500, FakeTwilio.error(20500, "Internal Server Error", 500), Map.of());
            data.clock.advance(Duration.ofHours(1));
            assertThat(worker.sendDue()).isEqualTo(1);
        }
        assertThat(twilio.requests).hasSize(3);
        assertThat(twilio.received).isEmpty();
        assertThat(onTheCall()).singleElement().satisfies(m -> {
            assertThat(m.status()).isEqualTo("failed");
            assertThat(m.attempts()).isEqualTo(3);
            assertThat(m.lastError()).contains("gave up after 3 attempts").contains("500");
        });
        data.clock.advance(Duration.ofHours(1));
        assertThat(worker.sendDue()).isZero();
        assertThat(lastWait).isBefore(data.clock.instant());
    }

    @Test
    void backOffDoublesWithJitterUpToItsCeiling() {
        OutboxWorker worker = worker(10);
        for (int i = 0; i < 50; i++) {
            assertThat(worker.backoff(1)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
            assertThat(worker.backoff(3)).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(120));
            assertThat(worker.backoff(40)).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(10));
        }
    }

    @Test
    void anUnsubscribedRecipientIsOptedOutAndLaterMessagesToItAreRefusedOnTheRecord() {
        SmsOutbox outbox = outbox(10, 100);
        twilio.answerNext(400, FakeTwilio.error(21610, "Attempt to send to unsubscribed recipient", 400), Map.of());
        send(outbox, MOBILE);
        worker(5).sendDue();
        assertThat(rows.optedOut(tenant, MOBILE)).isTrue();
        TextMessaging.Queued again = send(outbox, MOBILE);
        assertThat(again.accepted()).isFalse();
        assertThat(again.reason()).contains("opted out");
        assertThat(onTheCall()).extracting(TextMessage::status).containsExactly("refused", "refused");
        assertThat(worker(5).sendDue()).isZero();
        assertThat(twilio.requests).hasSize(1);
        assertThat(send(outbox, "08033334444").accepted()).as("another number is not opted out").isTrue();
    }

    @Test
    void aTenantBeyondItsRateOrMonthlyLimitIsRefusedWithTheReasonOnTheCall() {
        SmsOutbox outbox = outbox(2, 3);
        assertThat(send(outbox, MOBILE).accepted()).isTrue();
        assertThat(send(outbox, "08010000001").accepted()).isTrue();
        TextMessaging.Queued third = send(outbox, "08010000002");
        assertThat(third.accepted()).isFalse();
        assertThat(third.reason()).contains("rate limit").contains("2 messages a minute");
        data.clock.advance(Duration.ofSeconds(61));
        assertThat(send(outbox, "08010000003").accepted()).isTrue();
        data.clock.advance(Duration.ofSeconds(61));
        TextMessaging.Queued fifth = send(outbox, "08010000004");
        assertThat(fifth.accepted()).isFalse();
        assertThat(fifth.reason()).contains("monthly limit").contains("3 messages");
        assertThat(onTheCall()).extracting(TextMessage::status)
                .containsExactly("queued", "queued", "refused", "queued", "refused");
        UUID other = data.tenants.create("Other", "en");
        assertThat(outbox(2, 3).send(new CallFacts(other, null, "0500000002", UUID.randomUUID()), MOBILE, "x {url}")
                .accepted()).as("limits are per tenant").isTrue();
    }

    @Test
    void withoutAProviderAMessageIsRefusedOnTheRecordNotSilently() {
        SmsOutbox unconfigured = new SmsOutbox(rows, new SmsProperties.Limits(0, 0, null), false, () -> { }, data.clock);
        TextMessaging.Queued queued = send(unconfigured, MOBILE);
        assertThat(queued.accepted()).isFalse();
        assertThat(queued.reason()).isEqualTo("text messages are not configured");
        assertThat(onTheCall()).singleElement().satisfies(m -> {
            assertThat(m.status()).isEqualTo("refused");
            assertThat(m.lastError()).isEqualTo("text messages are not configured");
        });
        assertThat(send(unconfigured, "0312345678").accepted()).as("a landline is never queued").isFalse();
    }

    @Test
    void queuedMessagesAndOnesAStoppedWorkerLeftSendingArePickedUpAfterARestart() throws Exception {
        SmsOutbox outbox = outbox(10, 100);
        send(outbox, MOBILE);
        send(outbox, "08033334444");
        // a node stopped in the middle of sending the second
        UUID second = data.jdbc.sql("select id from text_messages order by created_at, id").query(UUID.class).list().get(1);
        data.jdbc.sql("update text_messages set status = 'sending', claimed_at = ?, attempts = 1 where id = ?")
                .params(OffsetDateTime.ofInstant(data.clock.instant(), java.time.ZoneOffset.UTC), second).update();
        data.clock.advance(Duration.ofMinutes(3));
        OutboxWorker restarted = new OutboxWorker(rows, provider(), new SmsProperties.Retry(5, null, null),
                Duration.ofMillis(50), Duration.ofMinutes(2), data.clock);
        restarted.start();
        try {
            Instant deadline = Instant.now().plusSeconds(20);
            // the provider answers before the worker marks the row: wait for the rows
            while (!onTheCall().stream().allMatch(m -> m.status().equals("sent")) && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
        } finally {
            restarted.stop();
        }
        assertThat(twilio.received).extracting(FakeTwilio.Received::to)
                .containsExactlyInAnyOrder("+819011112222", "+818033334444");
        assertThat(onTheCall()).extracting(TextMessage::status).containsOnly("sent");
    }

    @Test
    void twoWorkersNeverSendTheSameMessageTwice() throws Exception {
        SmsOutbox outbox = outbox(100, 1000);
        for (int i = 0; i < 12; i++) {
            send(outbox, "0900000%04d".formatted(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> handed = new java.util.ArrayList<>();
        for (int w = 0; w < 3; w++) {
            OutboxWorker worker = worker(5);
            handed.add(pool.submit(() -> {
                go.await();
                return worker.sendDue();
            }));
        }
        go.countDown();
        int total = 0;
        for (Future<Integer> f : handed) {
            total += f.get();
        }
        pool.shutdown();
        assertThat(total).isEqualTo(12);
        assertThat(twilio.received).hasSize(12);
        assertThat(twilio.received.stream().map(FakeTwilio.Received::to).distinct()).hasSize(12);
    }

    @Test
    void someoneWithoutCallsReadSeesNoMessagesAndTheRefusalIsAudited() {
        send(outbox(10, 100), MOBILE);
        Viewer outsider = new Viewer("user:other", Set.of(UUID.randomUUID()), Set.of(Permissions.CALLS_READ), "127.0.0.1");
        assertThat(new JdbcCallTextMessages(rows, data.audit).ofCall(outsider, call)).isEmpty();
        Viewer noPermission = new Viewer("user:nobody", Set.of(tenant), Set.of(Permissions.FLOWS_EDIT), "127.0.0.1");
        assertThat(new JdbcCallTextMessages(rows, data.audit).ofCall(noPermission, call)).isEmpty();
        assertThat(audited("denied")).isEqualTo(2);
        assertThat(audited("ok")).isZero();
    }
}
