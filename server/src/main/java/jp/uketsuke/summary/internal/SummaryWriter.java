package jp.uketsuke.summary.internal;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jp.uketsuke.calls.CallCompleted;
import jp.uketsuke.calls.CallDetail;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.calls.Speaker;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.summary.Summary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

/**
 * Summarises every call once its record is closed (F2), off the call's thread: {@link CallCompleted} only queues the
 * call on a small bounded pool, so a slow LLM never holds up a call or the journal. A call the queue cannot take, or
 * one a stop interrupted, is found again by {@link #catchUp} at the next start. Nothing here is ever spoken to a
 * caller (S4): the summary is made after the call and only stored.
 */
final class SummaryWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SummaryWriter.class);
    static final String ACTOR = "system:summary";

    private final CallHistory history;
    private final JdbcSummaryStore store;
    private final OfflineSummariser offline = new OfflineSummariser();
    private final Optional<ChatCompletionsSummariser> llm;
    private final Clock clock;
    private final ThreadPoolExecutor pool;

    SummaryWriter(CallHistory history, JdbcSummaryStore store, Optional<ChatCompletionsSummariser> llm, Clock clock,
                  int threads, int queue) {
        this.history = history;
        this.store = store;
        this.llm = llm;
        this.clock = clock;
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                Thread.ofVirtual().name("call-summary-", 0).factory());
    }

    @EventListener
    void callCompleted(CallCompleted completed) {
        submit(completed.callId(), completed.tenantId());
    }

    /** At start-up: the newest closed calls that have no summary, at most {@code limit}. Returns how many were queued. */
    int catchUp(int limit) {
        int queued = 0;
        for (JdbcSummaryStore.CallRef call : store.closedCallsWithoutSummary(limit)) {
            if (submit(call.callId(), call.tenantId())) {
                queued++;
            }
        }
        if (queued > 0) {
            log.info("Summarising {} closed call(s) that had no summary", queued);
        }
        return queued;
    }

    private boolean submit(UUID callId, UUID tenantId) {
        try {
            pool.execute(() -> summariseLogged(callId, tenantId));
            return true;
        } catch (RejectedExecutionException full) {
            log.warn("Summary queue full; call {} will be summarised at the next start", callId);
            return false;
        }
    }

    private void summariseLogged(UUID callId, UUID tenantId) {
        try {
            summarise(callId, tenantId);
        } catch (RuntimeException e) {
            // the message only: an exception from deeper down could quote data
            log.error("Could not summarise call {} ({}); it will be tried again at the next start", callId,
                    e.getClass().getSimpleName());
        }
    }

    /** Makes and stores the call's summary unless it has one; returns what was stored, empty if nothing was. */
    Optional<Summary> summarise(UUID callId, UUID tenantId) {
        if (store.has(callId)) {
            return Optional.empty();
        }
        // The summariser reads as an audited system actor of that tenant alone. It needs the unredacted transcript:
        // a callback number can only be found in the caller's own words, and masking for the LLM is done here,
        // by the tenant's setting, not by who happens to read.
        Viewer system = new Viewer(ACTOR, Set.of(tenantId),
                Set.of(Permissions.CALLS_READ, Permissions.TRANSCRIPTS_UNREDACTED), null);
        Optional<CallDetail> found = history.find(system, callId);
        if (found.isEmpty()) {
            log.warn("Call {} to summarise was not found in tenant {}", callId, tenantId);
            return Optional.empty();
        }
        CallDetail call = found.get();
        String callerText = call.turns().stream().filter(t -> t.speaker() == Speaker.CALLER)
                .map(t -> t.text()).collect(Collectors.joining("\n"));
        SummaryInput input = new SummaryInput(callId, tenantId, call.summary().startedAt(), callerText, call.purpose(),
                call.summary().outcome());
        Summary summary = offline.summarise(input);
        if (llm.isPresent()) {
            try {
                summary = llm.get().summarise(input, summary, store.sendsUnredacted(tenantId));
            } catch (SummariserException e) {
                log.warn("LLM summary of call {} failed, the offline summary is kept: {}", callId, e.getMessage());
            } catch (RuntimeException e) {
                log.warn("LLM summary of call {} failed ({}), the offline summary is kept", callId,
                        e.getClass().getSimpleName());
            }
        }
        if (!store.save(callId, tenantId, summary, clock.instant())) {
            return Optional.empty();
        }
        log.debug("Call {} summarised ({})", callId, summary.method());
        return Optional.of(summary);
    }

    /** Waits a little for queued summaries; what is left is caught up at the next start. */
    @Override
    public void close() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.SECONDS);
        pool.shutdownNow();
    }

    /** For tests: waits until everything queued so far is done. */
    boolean awaitIdle(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (pool.getCompletedTaskCount() < pool.getTaskCount()) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
