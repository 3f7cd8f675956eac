package jp.uketsuke.console.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jp.uketsuke.calls.CallCompleted;
import jp.uketsuke.calls.CallStarted;
import jp.uketsuke.handling.CallHandlingChanged;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Tells open call lists that one of their tenant's calls started or ended (server-sent events), so staff see new and
 * running calls without reloading. An event carries the call's id and what happened, nothing personal; the page then
 * reads its rows through {@link jp.uketsuke.calls.CallHistory}, which checks the viewer again and audits.
 *
 * <p>An open stream holds no thread (Servlet async): only its connection and an entry here. Streams are limited per
 * session and in total, end after a time-out (the browser's EventSource reconnects by itself) and get a comment now
 * and then, so that a vanished client is noticed. Events are sent on virtual threads, never on the call's own thread,
 * so a slow browser cannot hold up a call (invariant 5).
 *
 * <p>Events are those of this node: with several nodes behind a load balancer, a list connected to another node
 * learns of a call when it is next reloaded or reconnects (a cross-node feed, e.g. PostgreSQL LISTEN/NOTIFY, is
 * left for scale-out).
 */
@Component
class LiveCallFeed implements DisposableBean {

    private final Map<UUID, Set<Stream>> byTenant = new ConcurrentHashMap<>();
    private final Map<String, Integer> perSession = new HashMap<>();
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("call-list-heartbeat").factory());
    private final Duration timeout;
    private final int maxStreams;
    private final int maxPerSession;
    private int open;

    LiveCallFeed(@Value("${uketsuke.console.live.timeout:10m}") Duration timeout,
                 @Value("${uketsuke.console.live.max-streams:200}") int maxStreams,
                 @Value("${uketsuke.console.live.max-streams-per-session:4}") int maxPerSession,
                 @Value("${uketsuke.console.live.heartbeat:25s}") Duration heartbeatEvery) {
        this.timeout = timeout;
        this.maxStreams = maxStreams;
        this.maxPerSession = maxPerSession;
        heartbeat.scheduleWithFixedDelay(this::beat, heartbeatEvery.toMillis(), heartbeatEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private record Stream(SseEmitter emitter, UUID tenantId, String session) {
    }

    /** A new stream of the tenant's call events; empty when the session or the server has as many as allowed. */
    Optional<SseEmitter> open(UUID tenantId, String session) {
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        Stream stream = new Stream(emitter, tenantId, session);
        synchronized (this) {
            if (open >= maxStreams || perSession.getOrDefault(session, 0) >= maxPerSession) {
                return Optional.empty();
            }
            open++;
            perSession.merge(session, 1, Integer::sum);
        }
        byTenant.computeIfAbsent(tenantId, t -> ConcurrentHashMap.newKeySet()).add(stream);
        emitter.onCompletion(() -> close(stream));
        emitter.onTimeout(emitter::complete);
        emitter.onError(e -> close(stream));
        // the first bytes: the browser knows the stream is open, and how soon to come back after a time-out
        send(stream, SseEmitter.event().name("ready").data("{}").reconnectTime(3_000));
        return Optional.of(emitter);
    }

    /** How many streams are open, on this node. */
    synchronized int openStreams() {
        return open;
    }

    @EventListener
    void started(CallStarted started) {
        publish(started.tenantId(), started.callId(), "started");
    }

    @EventListener
    void completed(CallCompleted completed) {
        publish(completed.tenantId(), completed.callId(), "ended");
    }

    /** Someone changed a call's status, assignee, tags, notes or callbacks: open lists show it without a reload. */
    @EventListener
    void handled(CallHandlingChanged changed) {
        publish(changed.tenantId(), changed.callId(), "changed");
    }

    private void publish(UUID tenantId, UUID callId, String kind) {
        Set<Stream> streams = byTenant.get(tenantId);
        if (streams == null) {
            return;
        }
        for (Stream stream : streams) {
            senders.execute(() -> send(stream, SseEmitter.event().name("call")
                    .data("{\"call\":\"" + callId + "\",\"kind\":\"" + kind + "\"}")));
        }
    }

    private void beat() {
        for (Set<Stream> streams : byTenant.values()) {
            for (Stream stream : streams) {
                senders.execute(() -> send(stream, SseEmitter.event().comment("")));
            }
        }
    }

    private void send(Stream stream, SseEmitter.SseEventBuilder event) {
        try {
            stream.emitter().send(event);
        } catch (IOException | IllegalStateException gone) {
            // the browser went away or the stream already ended
            stream.emitter().completeWithError(gone);
            close(stream);
        }
    }

    private void close(Stream stream) {
        Set<Stream> streams = byTenant.get(stream.tenantId());
        if (streams == null || !streams.remove(stream)) {
            return;
        }
        synchronized (this) {
            open--;
            perSession.computeIfPresent(stream.session(), (s, n) -> n > 1 ? n - 1 : null);
        }
    }

    @Override
    public void destroy() {
        heartbeat.shutdownNow();
        senders.shutdownNow();
        byTenant.values().forEach(streams -> streams.forEach(s -> s.emitter().complete()));
    }
}
