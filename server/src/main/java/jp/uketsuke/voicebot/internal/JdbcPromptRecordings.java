package jp.uketsuke.voicebot.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.speech.AudioClip;
import jp.uketsuke.speech.Resampler;
import jp.uketsuke.speech.SpeechException;
import jp.uketsuke.speech.WavFiles;
import jp.uketsuke.vault.CiphertextRejectedException;
import jp.uketsuke.vault.Vault;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.Prompt;
import jp.uketsuke.voicebot.PromptRecordings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recordings in table {@code prompt_recordings}: name and audio (a 16 kHz mono WAV file) each sealed with the
 * tenant's key under a context naming tenant, recording and field, so a sealed value moved to another row or tenant
 * does not open. Permission and tenant scope first, then the work, then the log.
 */
final class JdbcPromptRecordings implements PromptRecordings {

    private static final Logger log = LoggerFactory.getLogger(JdbcPromptRecordings.class);
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final JdbcClient jdbc;
    private final Vault vault;
    private final FlowStore flows;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final RecordingCache cache;

    JdbcPromptRecordings(JdbcClient jdbc, Vault vault, FlowStore flows, AuditLog audit,
                         TransactionTemplate transactions, Clock clock, RecordingCache cache) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.flows = flows;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.cache = cache;
    }

    @Override
    public PromptRecording upload(Viewer viewer, UUID tenantId, String name, byte[] wav) {
        allowed(viewer, tenantId, "prompt.upload");
        String displayName;
        AudioClip audio;
        try {
            displayName = RecordingUpload.name(name);
            audio = RecordingUpload.audio(wav);
            if (ids(tenantId).size() >= MAX_PER_TENANT) {
                throw new Rejected(Problem.TOO_MANY, "a tenant keeps at most " + MAX_PER_TENANT
                        + " recordings; delete one first");
            }
        } catch (Rejected e) {
            record(viewer, tenantId, "prompt.upload", "tenant:" + tenantId, "rejected");
            throw e;
        }
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        Duration duration = audio.duration();
        jdbc.sql("""
                insert into prompt_recordings (id, tenant_id, name, audio, duration_ms, uploaded_at, uploaded_by)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(id, tenantId,
                        binary(seal(tenantId, id, "name", displayName.getBytes(StandardCharsets.UTF_8))),
                        binary(seal(tenantId, id, "audio", WavFiles.toBytes(audio))),
                        duration.toMillis(), now, viewer.actor())
                .update();
        record(viewer, tenantId, "prompt.upload", "prompt:" + id, AuditEvent.OK);
        return new PromptRecording(id.toString(), displayName, duration, now.toInstant(), viewer.actor());
    }

    @Override
    public List<PromptRecording> list(Viewer viewer, UUID tenantId) {
        allowed(viewer, tenantId, "prompt.list");
        List<PromptRecording> recordings = jdbc.sql("""
                select id, name, duration_ms, uploaded_at, uploaded_by from prompt_recordings where tenant_id = ?
                order by uploaded_at desc, id""")
                .param(tenantId)
                .query((rs, n) -> {
                    UUID id = rs.getObject(1, UUID.class);
                    return new PromptRecording(id.toString(), name(tenantId, id, rs.getBytes(2)),
                            Duration.ofMillis(rs.getLong(3)), rs.getObject(4, OffsetDateTime.class).toInstant(),
                            rs.getString(5));
                })
                .list();
        record(viewer, tenantId, "prompt.list", "tenant:" + tenantId, AuditEvent.OK);
        return recordings;
    }

    @Override
    public void delete(Viewer viewer, UUID tenantId, String id) {
        allowed(viewer, tenantId, "prompt.delete");
        String key = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        String target = "prompt:" + (ID.matcher(key).matches() ? key : "?");
        try {
            // under the lock on the version in use, so no publication of a flow playing it slips in between
            transactions.executeWithoutResult(status -> {
                if (!ids(tenantId).contains(key)) {
                    throw new Rejected(Problem.NOT_FOUND, "there is no such recording");
                }
                Optional<Integer> published = flows.lockInUse(tenantId);
                if (published.flatMap(v -> flows.version(tenantId, v)).filter(f -> plays(f, key)).isPresent()) {
                    throw new Rejected(Problem.USED_BY_PUBLISHED_FLOW, "the published flow (version "
                            + published.get() + ") plays this recording; publish a flow without it first");
                }
                if (flows.draft(tenantId).filter(d -> plays(d.flow(), key)).isPresent()) {
                    throw new Rejected(Problem.USED_BY_DRAFT, "the draft flow plays this recording; "
                            + "take it out of the draft first");
                }
                jdbc.sql("delete from prompt_recordings where id = ? and tenant_id = ?")
                        .params(UUID.fromString(key), tenantId).update();
            });
        } catch (Rejected e) {
            record(viewer, tenantId, "prompt.delete", target,
                    e.problem() == Problem.NOT_FOUND ? AuditEvent.NOT_FOUND : "rejected");
            throw e;
        }
        cache.forget(tenantId, key);
        record(viewer, tenantId, "prompt.delete", target, AuditEvent.OK);
    }

    @Override
    public Set<String> ids(UUID tenantId) {
        return jdbc.sql("select id from prompt_recordings where tenant_id = ?").param(tenantId)
                .query(UUID.class).list().stream().map(UUID::toString).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Optional<short[]> audio(UUID tenantId, String id, int sampleRate) {
        if (tenantId == null || id == null || !ID.matcher(id).matches() || sampleRate < 1000
                || sampleRate > 192_000) {
            return Optional.empty();
        }
        short[] kept = cache.get(tenantId, id, sampleRate);
        if (kept != null) {
            return Optional.of(kept.clone());
        }
        Optional<byte[]> sealed = jdbc.sql("select audio from prompt_recordings where id = ? and tenant_id = ?")
                .params(UUID.fromString(id), tenantId).query(byte[].class).optional();
        if (sealed.isEmpty()) {
            return Optional.empty();
        }
        try {
            AudioClip stored = WavFiles.read(vault.forTenant(tenantId).open(sealed.get(),
                    context(tenantId, UUID.fromString(id), "audio")));
            short[] samples = Resampler.resample(stored, sampleRate).samples();
            cache.put(tenantId, id, sampleRate, samples);
            return Optional.of(samples.clone());
        } catch (CiphertextRejectedException | SpeechException e) {
            // altered or moved row, or a rate the resampler cannot reach: the call plays its fallback
            log.warn("Recording {} of tenant {} cannot be played at {} Hz: {}", id, tenantId, sampleRate,
                    e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** Ids of the recordings a flow plays. */
    static Set<String> recordingsOf(Flow flow) {
        return flow.nodes().stream().flatMap(n -> n.prompts().stream()).map(Prompt::audio)
                .filter(Objects::nonNull).collect(Collectors.toUnmodifiableSet());
    }

    private static boolean plays(Flow flow, String id) {
        return recordingsOf(flow).contains(id);
    }

    private String name(UUID tenantId, UUID id, byte[] sealed) {
        try {
            return new String(vault.forTenant(tenantId).open(sealed, context(tenantId, id, "name")),
                    StandardCharsets.UTF_8);
        } catch (CiphertextRejectedException e) {
            log.warn("Recording {} of tenant {}: its stored name does not open", id, tenantId);
            return "?";
        }
    }

    private byte[] seal(UUID tenantId, UUID id, String field, byte[] plaintext) {
        return vault.forTenant(tenantId).seal(plaintext, context(tenantId, id, field));
    }

    private static String context(UUID tenantId, UUID id, String field) {
        return "prompt-recording:" + tenantId + ":" + id + ":" + field;
    }

    private void allowed(Viewer viewer, UUID tenantId, String action) {
        if (tenantId == null || !viewer.may(Permissions.FLOWS_EDIT, tenantId)) {
            record(viewer, tenantId, action, "tenant:" + tenantId, AuditEvent.DENIED);
            throw new AccessDeniedException("flows:edit on the tenant is needed to work on its recorded prompts");
        }
    }

    private void record(Viewer viewer, UUID tenantId, String action, String target, String result) {
        audit.record(new AuditEvent(viewer.actor(), tenantId, action, target, viewer.sourceAddress(), result));
    }

    private static SqlParameterValue binary(byte[] value) {
        return new SqlParameterValue(Types.BINARY, value);
    }
}
