package jp.uketsuke.calls.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import jp.uketsuke.calls.CallCompleted;
import jp.uketsuke.calls.CallJournal;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.calls.CallStarted;
import jp.uketsuke.calls.MessageTaken;
import jp.uketsuke.calls.RecordingWriter;
import jp.uketsuke.calls.Speaker;
import jp.uketsuke.config.DataDirectory;
import jp.uketsuke.tenancy.PhoneNumbers;
import jp.uketsuke.vault.TenantCipher;
import jp.uketsuke.vault.Vault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes calls to tables {@code calls}, {@code call_turns} and {@code recordings}, each statement committed on
 * its own as the call happens. Keeps the calls this node has open in memory (tenant, next turn number), which
 * is also how crash recovery tells its own live calls from those a crash left behind.
 */
public final class JdbcCallJournal implements CallJournal {

    private static final Logger log = LoggerFactory.getLogger(JdbcCallJournal.class);
    private static final int MAX_TURN_CHARS = 20_000;
    private static final int MAX_PURPOSE_CHARS = 2_000;

    private final JdbcClient jdbc;
    private final Vault vault;
    private final RecordingFiles files;
    private final Clock clock;
    private final String nodeId;
    private final Map<UUID, OpenCall> openCalls = new ConcurrentHashMap<>();
    private final ApplicationEventPublisher events;

    public JdbcCallJournal(JdbcClient jdbc, Vault vault, DataDirectory dataDirectory, Clock clock, String nodeId,
                           ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
        this.vault = vault;
        this.files = new RecordingFiles(dataDirectory);
        this.clock = clock;
        this.nodeId = nodeId;
    }

    @Override
    public UUID open(UUID tenantId, String callerNumber, String dialedNumber, Instant startedAt) {
        return open(tenantId, callerNumber, dialedNumber, startedAt, 0);
    }

    @Override
    public UUID open(UUID tenantId, String callerNumber, String dialedNumber, Instant startedAt, int flowVersion) {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(startedAt, "startedAt");
        UUID id = UUID.randomUUID();
        TenantCipher cipher = vault.forTenant(tenantId);
        String caller = PhoneNumbers.normalise(callerNumber);
        byte[] sealedCaller = caller.isEmpty() ? null : cipher.seal(caller.getBytes(StandardCharsets.UTF_8), callerContext(id));
        String callerIndex = caller.isEmpty() ? null : cipher.index(caller);
        jdbc.sql("""
                insert into calls (id, tenant_id, node_id, started_at, outcome, caller_number, caller_index, dialed_number,
                                   flow_version)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, tenantId, nodeId, utc(startedAt), CallOutcome.IN_PROGRESS.name(),
                        Sql.binary(sealedCaller), callerIndex, PhoneNumbers.normalise(dialedNumber), flowVersion)
                .update();
        openCalls.put(id, new OpenCall(tenantId, new AtomicInteger()));
        // committed: a live call list may read it now
        events.publishEvent(new CallStarted(id, tenantId, startedAt));
        return id;
    }

    @Override
    public void addTurn(UUID callId, Speaker speaker, Duration offset, String text) {
        Objects.requireNonNull(speaker, "speaker");
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_TURN_CHARS) {
            throw new IllegalArgumentException("A turn is at most " + MAX_TURN_CHARS + " characters");
        }
        OpenCall call = openCall(callId);
        int seq = call.nextSeq().incrementAndGet();
        byte[] sealed = vault.forTenant(call.tenantId()).seal(text.getBytes(StandardCharsets.UTF_8), turnContext(callId, seq));
        jdbc.sql("insert into call_turns (call_id, seq, offset_ms, speaker, text) values (?, ?, ?, ?, ?)")
                .params(callId, seq, Math.max(0, offset.toMillis()), speaker.name(), sealed)
                .update();
    }

    @Override
    public void setPurpose(UUID callId, String purpose) {
        Objects.requireNonNull(purpose, "purpose");
        if (purpose.length() > MAX_PURPOSE_CHARS) {
            throw new IllegalArgumentException("A purpose is at most " + MAX_PURPOSE_CHARS + " characters");
        }
        OpenCall call = openCall(callId);
        byte[] sealed = vault.forTenant(call.tenantId()).seal(purpose.getBytes(StandardCharsets.UTF_8),
                purposeContext(callId));
        jdbc.sql("update calls set purpose = ? where id = ?").params(Sql.binary(sealed), callId).update();
    }

    /** Throws {@link UncheckedIOException} when the file cannot be created; the call itself goes on. */
    @Override
    public RecordingWriter openRecording(UUID callId, int sampleRate) {
        if (sampleRate < 8000 || sampleRate > 48000) {
            throw new IllegalArgumentException("Sample rate must be between 8000 and 48000 Hz");
        }
        OpenCall call = openCall(callId);
        TenantCipher cipher = vault.forTenant(call.tenantId());
        String relative = files.relativePath(call.tenantId(), callId);
        try {
            jdbc.sql("""
                    insert into recordings (call_id, path, sample_rate, channels, started_at)
                    values (?, ?, ?, ?, ?)""")
                    .params(callId, relative, sampleRate, RecordingFiles.CHANNELS, utc(clock.instant()))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new IllegalStateException("Call " + callId + " already has a recording", e);
        }
        Path path = files.resolve(relative);
        FileChannel channel;
        try {
            DataDirectory.createOwnerOnlyDirectories(path.getParent());
            channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    DataDirectory.ownerOnlyFile(path.getParent()));
        } catch (IOException | UncheckedIOException e) {
            jdbc.sql("delete from recordings where call_id = ?").param(callId).update();
            throw new UncheckedIOException("Cannot create the recording file of call " + callId,
                    e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
        var sealed = cipher.sealing(EncryptedRecordingWriter.fileStream(channel), RecordingFiles.context(callId));
        return new EncryptedRecordingWriter(callId, channel, sealed,
                pcmBytes -> setPcmBytes(callId, pcmBytes),
                () -> setPcmBytes(callId, files.decryptableBytes(relative, cipher, callId)));
    }

    @Override
    public void close(UUID callId, Instant endedAt, CallOutcome outcome) {
        Objects.requireNonNull(endedAt, "endedAt");
        if (outcome == null || outcome == CallOutcome.IN_PROGRESS) {
            throw new IllegalArgumentException("A closed call needs its final outcome");
        }
        int updated = jdbc.sql("update calls set ended_at = ?, outcome = ? where id = ? and outcome = ?")
                .params(utc(endedAt), outcome.name(), callId, CallOutcome.IN_PROGRESS.name())
                .update();
        OpenCall closed = openCalls.remove(callId);
        if (updated == 0 && jdbc.sql("select count(*) from calls where id = ?").param(callId).query(Long.class).single() == 0) {
            throw new IllegalArgumentException("No call " + callId);
        }
        if (updated > 0 && closed != null) {
            // each statement commits on its own, so listeners see the closed record
            events.publishEvent(new CallCompleted(callId, closed.tenantId(), outcome, endedAt));
            if (outcome == CallOutcome.MESSAGE_TAKEN) {
                events.publishEvent(new MessageTaken(callId, closed.tenantId()));
            }
        }
    }

    /**
     * Marks this node's calls that a crash left IN_PROGRESS as INCOMPLETE, with an end time estimated from what
     * was kept, and measures their recordings (and any other recording left unclosed) by what decrypts.
     * Calls open in this process are left alone. Returns how many calls were marked.
     */
    public int recoverInterruptedCalls() {
        List<UUID> interrupted = jdbc.sql("select id from calls where outcome = ? and node_id = ?")
                .params(CallOutcome.IN_PROGRESS.name(), nodeId)
                .query(UUID.class).list();
        int marked = 0;
        for (UUID callId : interrupted) {
            if (openCalls.containsKey(callId)) {
                continue;
            }
            try {
                recover(callId);
                marked++;
            } catch (RuntimeException e) {
                // one damaged call must not keep the others (or the server) from starting
                log.error("Could not recover interrupted call {}", callId, e);
            }
        }
        List<UUID> unclosedRecordings = jdbc.sql("""
                select r.call_id from recordings r join calls c on c.id = r.call_id
                where r.pcm_bytes is null and c.node_id = ? and c.outcome <> ?""")
                .params(nodeId, CallOutcome.IN_PROGRESS.name())
                .query(UUID.class).list();
        for (UUID callId : unclosedRecordings) {
            if (!openCalls.containsKey(callId)) {
                try {
                    measureRecording(callId);
                } catch (RuntimeException e) {
                    log.error("Could not measure the recording of call {}", callId, e);
                }
            }
        }
        if (marked > 0) {
            log.warn("Marked {} call(s) interrupted by a stop of this node as INCOMPLETE", marked);
        }
        return marked;
    }

    private void recover(UUID callId) {
        var call = jdbc.sql("select tenant_id, started_at from calls where id = ?").param(callId)
                .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class).toInstant()))
                .single();
        Duration kept = measureRecording(callId);
        Long lastTurnMs = jdbc.sql("select max(offset_ms) from call_turns where call_id = ?").param(callId)
                .query(Long.class).optional().orElse(null);
        if (lastTurnMs != null && lastTurnMs > kept.toMillis()) {
            kept = Duration.ofMillis(lastTurnMs);
        }
        jdbc.sql("update calls set outcome = ?, ended_at = ? where id = ? and outcome = ?")
                .params(CallOutcome.INCOMPLETE.name(), utc(call.getValue().plus(kept)), callId, CallOutcome.IN_PROGRESS.name())
                .update();
        log.info("Call {} of tenant {} was interrupted; marked INCOMPLETE", callId, call.getKey());
    }

    /** Sets a recording's length from what decrypts, if it has none yet; returns the duration kept. */
    private Duration measureRecording(UUID callId) {
        var recording = jdbc.sql("""
                select c.tenant_id, r.path, r.sample_rate, r.pcm_bytes from recordings r join calls c on c.id = r.call_id
                where r.call_id = ?""")
                .param(callId)
                .query((rs, n) -> new StoredRecording(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3),
                        (Long) rs.getObject(4, Long.class)))
                .optional();
        if (recording.isEmpty()) {
            return Duration.ZERO;
        }
        StoredRecording r = recording.get();
        long pcmBytes = r.pcmBytes() != null ? r.pcmBytes()
                : files.decryptableBytes(r.path(), vault.forTenant(r.tenantId()), callId);
        if (r.pcmBytes() == null) {
            setPcmBytes(callId, pcmBytes);
        }
        return Duration.ofMillis(pcmBytes * 1000 / ((long) RecordingFiles.FRAME_BYTES * r.sampleRate()));
    }

    private void setPcmBytes(UUID callId, long pcmBytes) {
        jdbc.sql("update recordings set pcm_bytes = ? where call_id = ?").params(pcmBytes, callId).update();
    }

    private OpenCall openCall(UUID callId) {
        Objects.requireNonNull(callId, "callId");
        OpenCall call = openCalls.get(callId);
        if (call == null) {
            throw new IllegalStateException("Call " + callId + " is not open on this node");
        }
        return call;
    }

    static String callerContext(UUID callId) {
        return "call:" + callId + ":caller";
    }

    static String purposeContext(UUID callId) {
        return "call:" + callId + ":purpose";
    }

    static String turnContext(UUID callId, int seq) {
        return "call:" + callId + ":turn:" + seq;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private record OpenCall(UUID tenantId, AtomicInteger nextSeq) {
    }

    private record StoredRecording(UUID tenantId, String path, int sampleRate, Long pcmBytes) {
    }
}
