package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jp.uketsuke.telephony.peers.FreePorts;
import jp.uketsuke.telephony.peers.LoopbackTrunk;
import jp.uketsuke.telephony.peers.Sipp;
import jp.uketsuke.telephony.peers.SippScenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Admission control with the real SIPp: while the server is full, new calls get 503 with Retry-After at once, without
 * the application being asked; once the load is gone, calls go through again. "Full" is made deterministic by an
 * application that holds each call's set-up until the test releases it.
 */
@Timeout(120)
class OverloadSippTest {

    private static final int RETRY_AFTER_SECONDS = 7;

    private final HoldingApplication application = new HoldingApplication();
    private SipServer server;

    @BeforeAll
    static void sippIsInstalled() {
        Sipp.requireInstalled();
    }

    @AfterEach
    void stopServer() {
        application.release();
        if (server != null) {
            server.close();
        }
    }

    private void start(SipSettings settings) throws Exception {
        server = new SipServer(settings.withBindAddress("127.0.0.1").withPort(0).withPeers(LoopbackTrunk.peers())
                .withRtpPorts(36000, 36999).withOverloadRetryAfter(Duration.ofSeconds(RETRY_AFTER_SECONDS)),
                application);
        server.start();
    }

    @Test
    void callsBeyondTheSetupLimitGet503WithRetryAfterAndCallsAfterTheLoadSucceed() throws Exception {
        start(SipSettings.defaults().withMaxCallsInSetup(2));
        CompletableFuture<Sipp.Result> held = holdTwoCallsInSetup();

        Sipp.Result refused = refusedCalls(3);
        assertThat(refused.succeeded()).as(refused.output()).isTrue();
        TelephonyMetrics full = server.metrics();
        assertThat(full.refused(OverloadReason.SETUP_LIMIT)).isEqualTo(3);
        assertThat(full.refused(OverloadReason.CALL_LIMIT)).isZero();
        assertThat(full.callsInSetup()).isEqualTo(2);
        assertThat(full.responsesSent(503)).isEqualTo(3);
        assertThat(full.sipQueueWaitMillis()).as("the stack's UDP queue is watched").isNotNegative();
        assertThat(application.asked.get()).as("refused before the application is asked").isEqualTo(2);

        application.release();
        Sipp.Result heldCalls = held.get(60, TimeUnit.SECONDS);
        assertThat(heldCalls.succeeded()).as("the calls that were in set-up are answered: " + heldCalls.output())
                .isTrue();
        Sipp.Result after = Sipp.call("uac_hang_up_soon.xml", server.port(), "200",
                Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair())));
        assertThat(after.succeeded()).as("a call after the load: " + after.output()).isTrue();
        assertThat(server.metrics().callsInSetup()).isZero();
        assertThat(server.metrics().refused(OverloadReason.SETUP_LIMIT)).isEqualTo(3);
    }

    @Test
    void callsBeyondMaxCallsGet503WithRetryAfterCountedAsTheCallLimit() throws Exception {
        // calls in set-up count towards max-calls: they are about to ring
        start(SipSettings.defaults().withMaxCalls(2).withMaxCallsInSetup(50));
        CompletableFuture<Sipp.Result> held = holdTwoCallsInSetup();

        Sipp.Result refused = refusedCalls(2);
        assertThat(refused.succeeded()).as(refused.output()).isTrue();
        assertThat(server.metrics().refused(OverloadReason.CALL_LIMIT)).isEqualTo(2);
        assertThat(server.metrics().refused(OverloadReason.SETUP_LIMIT)).isZero();
        assertThat(application.asked.get()).isEqualTo(2);

        application.release();
        assertThat(held.get(60, TimeUnit.SECONDS).succeeded()).isTrue();
        Sipp.Result after = Sipp.call("uac_hang_up_soon.xml", server.port(), "200",
                Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair())));
        assertThat(after.succeeded()).as("a call after the load: " + after.output()).isTrue();
    }

    @Test
    void aCallCancelledWhileTheApplicationDecidesGets487AndNeverRings() throws Exception {
        start(SipSettings.defaults());
        CompletableFuture<Sipp.Result> cancelling = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                cancelling.complete(Sipp.call("uac_cancel_in_setup.xml", server.port(), "200",
                        Sipp.vars("rtpport", String.valueOf(FreePorts.udpPair()))));
            } catch (Exception | Error e) {
                cancelling.completeExceptionally(e);
            }
        });
        assertThat(application.entered.tryAcquire(1, 30, TimeUnit.SECONDS)).as("the call is in set-up").isTrue();
        // the 200 to the CANCEL is the only 200 this server sends; once it is out, let the application answer
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.metrics().responsesSent(200) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(server.metrics().responsesSent(200)).as("CANCEL taken while the call was in set-up").isEqualTo(1);
        application.release();

        Sipp.Result result = cancelling.get(60, TimeUnit.SECONDS);
        assertThat(result.succeeded()).as("487 to the INVITE, no 180 or 200: " + result.output()).isTrue();
        assertThat(server.metrics().responsesSent(180)).isZero();
        assertThat(server.metrics().responsesSent(487)).isEqualTo(1);
        assertThat(server.metrics().callsActive()).isZero();
        assertThat(server.metrics().callsInSetup()).isZero();
    }

    /** Two calls of SIPp's built-in caller whose set-up the application holds; done once they are in set-up. */
    private CompletableFuture<Sipp.Result> holdTwoCallsInSetup() throws InterruptedException {
        CompletableFuture<Sipp.Result> held = new CompletableFuture<>();
        // a thread of its own: the common pool may have a single thread on a small machine
        Thread.ofVirtual().start(() -> {
            try {
                held.complete(Sipp.run(List.of(Sipp.BINARY.toString(), "127.0.0.1:" + server.port(), "-sn", "uac",
                        "-s", "200", "-m", "2", "-r", "10", "-d", "200"), 60));
            } catch (Exception | Error e) {
                held.completeExceptionally(e);
            }
        });
        assertThat(application.entered.tryAcquire(2, 30, TimeUnit.SECONDS)).as("two calls in set-up").isTrue();
        return held;
    }

    private Sipp.Result refusedCalls(int calls) throws Exception {
        SippScenario scenario = SippScenario.of("uac_overloaded.xml",
                Map.of("RETRY_AFTER", String.valueOf(RETRY_AFTER_SECONDS)));
        Sipp.Result result = null;
        for (int i = 0; i < calls; i++) {
            result = scenario.run("127.0.0.1", server.port(), "200");
            if (!result.succeeded()) {
                return result;
            }
            assertThat(result.output()).containsPattern("RETRY-AFTER= *" + RETRY_AFTER_SECONDS);
        }
        return result;
    }

    /** Holds every call's set-up (the application's decision) until released, then answers it. */
    private static final class HoldingApplication implements CallListener {

        final AtomicInteger asked = new AtomicInteger();
        final Semaphore entered = new Semaphore(0);
        private final CountDownLatch gate = new CountDownLatch(1);

        @Override
        public Admission onIncomingCall(CallRequest request) {
            asked.incrementAndGet();
            entered.release();
            try {
                if (!gate.await(60, TimeUnit.SECONDS)) {
                    return Admission.reject(500, "Test not released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Admission.reject(500, "Interrupted");
            }
            return Admission.answer(call -> {
                // the caller hangs up; the session only waits for that
                while (!(call.next(Duration.ofSeconds(1)) instanceof MediaEvent.Ended)) {
                    if (!call.isActive()) {
                        return;
                    }
                }
            });
        }

        void release() {
            gate.countDown();
        }
    }
}
