package jp.uketsuke.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.calls.Speaker;
import jp.uketsuke.calls.internal.JdbcCallJournal;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.config.Database;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.notify.ChannelKind;
import jp.uketsuke.notify.DataLevel;
import jp.uketsuke.notify.internal.http.FakeReceiver;
import jp.uketsuke.testing.ExternalProgram;
import jp.uketsuke.testing.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 11's crash test with a real server process on PostgreSQL: notices pending against a webhook receiver that
 * answers 503, the server killed with SIGKILL — once while they wait for a retry, and while one is claimed and on the
 * wire (its lease held by the dead process) — then started again on the same database with the receiver answering
 * 2xx. Every call's notice arrives, and the receiver, deduplicating by {@code webhook-id} as docs/WEBHOOKS.md tells it
 * to, accepts exactly one per event and destination. The claimed one is sent again only after its lease ran out, with
 * the same {@code webhook-id}: that is the one window where a receiver sees a raw duplicate.
 *
 * <p>The tenant, its destination and the calls are written by the test through the same classes the server uses
 * (vault, {@link DestinationRows}, {@link JdbcCallJournal}), on the server's database and master key: the outbox finds
 * closed calls in the database alone, never through the {@code CallCompleted} event, so a call closed by a journal in
 * another process is what the server sees after a crash. The verification code goes through the server and the
 * receiver for real.
 */
class NotificationsSurviveServerCrashTest {

    private static final byte[] KEY = "crash-test-signing-key-0123456789".getBytes(StandardCharsets.US_ASCII);
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);
    private static final Duration LEASE = Duration.ofSeconds(20);
    private static final Pattern CALL_LINK = Pattern.compile("/calls/([0-9a-f-]{36})");

    @TempDir
    Path dataDir;
    private final int httpsPort = FreePorts.udpAndTcp();
    private final List<Process> processes = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private DataFixture data;
    private FakeReceiver receiver;

    /** What the receiver saw: every POST, and the ones it answered 2xx after checking the signature. */
    private record Arrival(String webhookId, UUID call, Instant at, boolean signed) {
    }

    private final List<Arrival> raw = new CopyOnWriteArrayList<>();
    private final List<Arrival> accepted = new CopyOnWriteArrayList<>();
    private final List<Arrival> answeredOk = new CopyOnWriteArrayList<>();
    private final List<String> codes = new CopyOnWriteArrayList<>();
    private final Set<String> dedupe = ConcurrentHashMap.newKeySet();
    private volatile boolean failing = true;
    private volatile UUID held;

    @AfterEach
    void stopEverything() throws Exception {
        release.countDown();
        processes.forEach(Process::destroyForcibly);
        for (Process p : processes) {
            p.waitFor(30, TimeUnit.SECONDS);
        }
        if (receiver != null) {
            receiver.close();
        }
        if (data != null) {
            data.close();
        }
    }

    @Test
    void notificationsPendingWhenTheServerIsKilledAreEachDeliveredOnceAfterARestart() throws Exception {
        data = DataFixture.start(Database.POSTGRES, dataDir);
        syncClock();
        NotifyFixture notify = new NotifyFixture(data, new JavaMailSenderImpl()); // its e-mail channel is not used here
        UUID tenant = data.tenants.create("Crash Dental", "ja-JP");
        receiver = FakeReceiver.trusted();
        receiver.answer(this::receive);
        Viewer manager = NotifyFixture.manager(tenant, false);
        UUID destination = notify.destinations.insert(tenant, ChannelKind.WEBHOOK, "受付システム", DataLevel.LINK,
                receiver.url("/uketsuke/notices").toString(), SECRET, Map.of(), manager.actor(), data.clock.instant());
        notify.admin.sendCode(manager, tenant, destination);

        Process first = startServer("first");
        waitFor(Duration.ofSeconds(60), () -> !codes.isEmpty(), "the verification code at the receiver", "first");
        syncClock();
        notify.admin.verify(manager, tenant, destination, codes.getFirst());
        notify.ruleAdmin.create(manager, tenant, new RuleAdministration.Form(destination.toString(), List.of(),
                List.of(), "", "ANY", true));

        List<UUID> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(closedCall(tenant));
        }
        // each refused at least twice: the server is retrying them when it dies
        waitFor(Duration.ofSeconds(90), () -> calls.stream().allMatch(c -> posts(c) >= 2), "two refused attempts each",
                "first");
        held = closedCall(tenant);
        waitFor(Duration.ofSeconds(60), () -> posts(held) == 1, "the held notice on the wire", "first");
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, no lease given back

        assertThat(count("status = 'sent' and event_kind = 'CALL'")).as("nothing was taken before the crash").isZero();
        record Claim(String status, String claimedBy, Instant leaseUntil) {
        }
        Claim claimed = data.jdbc.sql("select status, claimed_by, lease_until from notification_deliveries where call_id = ?")
                .param(held).query((rs, n) -> new Claim(rs.getString(1), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant())).single();
        assertThat(claimed.status()).as("the held notice is claimed by the dead server").isEqualTo("sending");
        assertThat(claimed.claimedBy()).startsWith("crash-first/");
        Instant leaseUntil = claimed.leaseUntil();

        failing = false;
        startServer("second");
        List<UUID> all = new ArrayList<>(calls);
        all.add(held);
        waitFor(Duration.ofSeconds(120), () -> count("status = 'sent' and event_kind = 'CALL'") == all.size(),
                "every notice sent after the restart", "second");

        assertThat(raw).as("every request carried a valid Standard Webhooks signature").allMatch(Arrival::signed);
        for (UUID call : all) {
            List<Arrival> took = accepted.stream().filter(a -> call.equals(a.call())).toList();
            assertThat(took).as("notice of call " + call + " accepted exactly once").hasSize(1);
            // no raw duplicate either: none of these crashes fell between the receiver's 2xx and the server's commit
            assertThat(answeredOk.stream().filter(a -> call.equals(a.call()))).as("2xx answers for call " + call)
                    .hasSize(1);
            assertThat(raw.stream().filter(a -> call.equals(a.call())).map(Arrival::webhookId).distinct())
                    .as("one webhook-id on every attempt of one event and destination")
                    .containsExactly(took.getFirst().webhookId());
        }
        assertThat(count("event_kind = 'CALL'")).as("one outbox row per event and destination").isEqualTo(all.size());
        for (UUID call : calls) {
            assertThat(posts(call)).as("refused twice or more, then taken").isGreaterThanOrEqualTo(3);
        }
        // the claimed notice: on the wire when the server died, sent again only once the dead server's lease ran out
        List<Arrival> heldPosts = raw.stream().filter(a -> held.equals(a.call())).toList();
        assertThat(heldPosts).as("raw POSTs of the notice in flight at the crash").hasSize(2);
        assertThat(heldPosts.get(1).at()).as("resent after the lease").isAfterOrEqualTo(leaseUntil);
        assertThat(accepted).extracting(Arrival::webhookId).doesNotHaveDuplicates();
    }

    /**
     * The receiver: checks the signature as docs/WEBHOOKS.md says (HMAC-SHA256 over id.timestamp.body, constant-time
     * compare), answers 503 while {@code failing}, holds the first request of the {@code held} call without an answer,
     * and otherwise answers 2xx, remembering the webhook-id (a repeat is answered 2xx and dropped).
     */
    private FakeReceiver.Reply receive(FakeReceiver.Request request) {
        Instant at = Instant.now();
        String id = request.header("webhook-id");
        boolean signed = signatureValid(request);
        JsonNode data = JsonMapper.builder().build().readTree(request.body()).get("data");
        String link = data.get("link").isNull() ? "" : data.get("link").asString();
        Matcher m = CALL_LINK.matcher(link);
        UUID call = m.find() ? UUID.fromString(m.group(1)) : null;
        raw.add(new Arrival(id, call, at, signed));
        if (!signed) {
            return FakeReceiver.Reply.of(401, "");
        }
        if (call == null) { // the verification code
            Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(data.get("lines").toString());
            if (code.find()) {
                codes.add(code.group(1));
            }
            return FakeReceiver.Reply.of(204, "");
        }
        if (call.equals(held) && raw.stream().filter(a -> call.equals(a.call())).count() == 1) {
            try {
                release.await(90, TimeUnit.SECONDS); // the server dies while waiting for this answer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FakeReceiver.Reply.of(503, "");
        }
        if (failing) {
            return FakeReceiver.Reply.of(503, "busy");
        }
        answeredOk.add(new Arrival(id, call, at, true));
        if (dedupe.add(id)) {
            accepted.add(new Arrival(id, call, at, true));
        }
        return FakeReceiver.Reply.of(204, "");
    }

    private static boolean signatureValid(FakeReceiver.Request request) {
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        String signatures = request.header("webhook-signature");
        if (id == null || timestamp == null || signatures == null
                || Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(request.body());
            for (String s : signatures.split(" ")) {
                if (s.startsWith("v1,") && MessageDigest.isEqual(expected, Base64.getDecoder().decode(s.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    /** A call closed a minute ago, written by the call journal into the server's database. */
    private UUID closedCall(UUID tenant) {
        syncClock();
        Instant now = data.clock.instant();
        JdbcCallJournal journal = data.journal("node-test");
        UUID call = journal.open(tenant, "0312345678", "0500000000", now.minusSeconds(60));
        journal.addTurn(call, Speaker.CALLER, Duration.ofSeconds(2), "折り返しお願いします");
        journal.close(call, now.minusSeconds(30), CallOutcome.MESSAGE_TAKEN);
        return call;
    }

    private long posts(UUID call) {
        return raw.stream().filter(a -> call.equals(a.call())).count();
    }

    private long count(String where) {
        return data.jdbc.sql("select count(*) from notification_deliveries where " + where).query(Long.class).single();
    }

    /** The fixture's clock to the real time: the server process runs on the real clock. */
    private void syncClock() {
        Duration behind = Duration.between(data.clock.instant(), Instant.now());
        if (!behind.isNegative()) {
            data.clock.advance(behind);
        }
    }

    private void waitFor(Duration limit, BooleanSupplier condition, String what, String server) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("waited in vain for " + what + "; receiver saw " + raw + "\nserver log:\n"
                        + ExternalProgram.tail(dataDir.resolve("server-" + server + ".log")));
            }
            Thread.sleep(200);
        }
    }

    private Process startServer(String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = ExternalProgram.start(List.of(java, "--enable-native-access=ALL-UNNAMED",
                        "-cp", System.getProperty("java.class.path"), "jp.uketsuke.UketsukeApplication",
                        "--uketsuke.data-dir=" + dataDir,
                        "--spring.datasource.url=" + data.jdbcUrl(),
                        "--spring.datasource.username=" + jp.uketsuke.testing.Postgres.USER,
                        "--spring.datasource.password=" + jp.uketsuke.testing.Postgres.PASSWORD,
                        "--server.port=" + httpsPort,
                        "--uketsuke.node-id=crash-" + name,
                        "--uketsuke.notify.allowed-hosts=localhost",
                        "--uketsuke.notify.private-hosts-allowed=localhost",
                        "--uketsuke.notify.tls-trust=" + FakeReceiver.caPem(dataDir),
                        "--uketsuke.notify.poll-interval=300ms",
                        "--uketsuke.notify.first-delay=1s",
                        "--uketsuke.notify.max-delay=2s",
                        "--uketsuke.notify.max-attempts=50",
                        "--uketsuke.notify.lease=" + LEASE.toSeconds() + "s",
                        "--uketsuke.notify.summary-wait=1s"),
                dataDir.resolve("server-" + name + ".log"));
        processes.add(server);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        while (!listening(httpsPort)) {
            if (!server.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("server did not start:\n"
                        + ExternalProgram.tail(dataDir.resolve("server-" + name + ".log")));
            }
            Thread.sleep(250);
        }
        return server;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
