package jp.uketsuke.voicebot.internal;

import static jp.uketsuke.testing.WavSamples.tone;
import static jp.uketsuke.testing.WavSamples.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.config.Database;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.testing.Bytes;
import jp.uketsuke.testing.WavSamples;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.FlowCapabilities;
import jp.uketsuke.voicebot.FlowEditing;
import jp.uketsuke.voicebot.FlowResources;
import jp.uketsuke.voicebot.FlowValidator;
import jp.uketsuke.voicebot.Node;
import jp.uketsuke.voicebot.Prompt;
import jp.uketsuke.voicebot.PromptRecordings.Problem;
import jp.uketsuke.voicebot.PromptRecordings.PromptRecording;
import jp.uketsuke.voicebot.PromptRecordings.Rejected;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.security.access.AccessDeniedException;

/**
 * Recorded prompts on H2 and PostgreSQL: uploads checked and converted, sealed at rest, played at a call's rate, kept
 * to their tenant, refused without {@code flows:edit}, and never deleted from under the published flow.
 */
@ParameterizedClass
@EnumSource(Database.class)
class PromptRecordingsTest {

    @Parameter
    Database database;
    @TempDir
    Path dataDir;
    DataFixture data;
    FlowStore store;
    JdbcPromptRecordings recordings;
    FlowEditing editing;
    UUID tenant;
    UUID otherTenant;
    Viewer admin;
    Viewer member;
    Viewer otherAdmin;

    @BeforeEach
    void start() {
        data = DataFixture.start(database, dataDir);
        store = new FlowStore(data.jdbc, data.vault, data.clock);
        recordings = new JdbcPromptRecordings(data.jdbc, data.vault, store, data.audit, data.transactions, data.clock,
                new RecordingCache(1_000_000));
        // what switchboard's InstallationFlowResources offers, as far as recordings go
        FlowResources resources = new FlowResources() {
            @Override
            public Set<String> languages() {
                return Set.of("en", "ja");
            }

            @Override
            public Set<String> extensions(UUID tenantId) {
                return Set.of();
            }

            @Override
            public Set<String> recordedPrompts(UUID tenantId) {
                return recordings.ids(tenantId);
            }
        };
        editing = new FlowEditingService(store, new CompiledFlows(store, data.tenants), resources, data.audit,
                data.transactions, data.clock, jp.uketsuke.voicebot.FlowServices.NONE);
        tenant = data.tenants.create("山田歯科", "ja");
        otherTenant = data.tenants.create("Other", "ja");
        admin = new Viewer("user:hanako", Set.of(tenant), Set.of("flows:edit"), "192.0.2.10");
        member = new Viewer("user:taro", Set.of(tenant), Set.of("calls:read", "faq:edit"), "192.0.2.11");
        otherAdmin = new Viewer("user:mallory", Set.of(otherTenant), Set.of("flows:edit"), "192.0.2.66");
    }

    @AfterEach
    void stop() throws Exception {
        data.close();
    }

    @Test
    void anUploadIsListedPlayedAtTheCallsRateAndDeleted() {
        byte[] stereo = WavSamples.pcm16(44_100, 2, tone(44_100, 1000, 1500));

        PromptRecording uploaded = recordings.upload(admin, tenant, "  営業時間のご案内 ", stereo);

        assertThat(uploaded.name()).isEqualTo("営業時間のご案内");
        assertThat(uploaded.id()).matches("[0-9a-f-]{36}");
        assertThat(recordings.list(admin, tenant)).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(uploaded.id());
            assertThat(r.name()).isEqualTo("営業時間のご案内");
            assertThat(r.duration().toMillis()).isEqualTo(1500);
            assertThat(r.uploadedBy()).isEqualTo("user:hanako");
            assertThat(r.uploadedAt()).isEqualTo(data.clock.instant());
        });
        assertThat(recordings.ids(tenant)).containsExactly(uploaded.id());

        short[] narrow = recordings.audio(tenant, uploaded.id(), 8000).orElseThrow();
        short[] wide = recordings.audio(tenant, uploaded.id(), 16_000).orElseThrow();
        assertThat(narrow.length).isBetween(11_990, 12_000);
        assertThat(wide.length).isBetween(23_990, 24_000);
        assertThat(WavSamples.toneFraction(narrow, 8000, 1000)).isGreaterThan(0.95);
        assertThat(WavSamples.toneFraction(wide, 16_000, 1000)).isGreaterThan(0.95);
        narrow[100] = 12345;
        assertThat(recordings.audio(tenant, uploaded.id(), 8000).orElseThrow()[100])
                .as("each call gets its own copy").isNotEqualTo((short) 12345);

        recordings.delete(admin, tenant, uploaded.id());

        assertThat(recordings.list(admin, tenant)).isEmpty();
        assertThat(recordings.ids(tenant)).isEmpty();
        assertThat(recordings.audio(tenant, uploaded.id(), 8000)).as("not played from memory either").isEmpty();
        assertThat(auditCount("prompt.upload", "ok")).isEqualTo(1);
        assertThat(auditCount("prompt.list", "ok")).isEqualTo(2);
        assertThat(auditCount("prompt.delete", "ok")).isEqualTo(1);
        assertThatThrownBy(() -> recordings.delete(admin, tenant, uploaded.id()))
                .isInstanceOfSatisfying(Rejected.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_FOUND));
    }

    @Test
    void eightBitPcmAndG711AndEveryRateFromEightToFortyEightKilohertzAreAccepted() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("8-bit", WavSamples.pcm8(8000, tone(8000, 1000, 1000)));
        files.put("µ-law", WavSamples.muLaw(8000, tone(8000, 1000, 1000)));
        files.put("A-law", WavSamples.aLaw(8000, tone(8000, 1000, 1000)));
        files.put("11025 Hz", WavSamples.pcm16(11_025, 1, tone(11_025, 1000, 1000)));
        files.put("22050 Hz", WavSamples.pcm16(22_050, 1, tone(22_050, 1000, 1000)));
        files.put("48 kHz stereo", WavSamples.pcm16(48_000, 2, tone(48_000, 1000, 1000)));
        files.put("extensible PCM", WavSamples.extensible(1, (byte) 0x71, tone(16_000, 1000, 1000)));

        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            PromptRecording r = recordings.upload(admin, tenant, file.getKey(), file.getValue());
            assertThat(r.duration().toMillis()).as(file.getKey()).isEqualTo(1000);
            short[] played = recordings.audio(tenant, r.id(), 8000).orElseThrow();
            assertThat(WavSamples.toneFraction(played, 8000, 1000)).as(file.getKey()).isGreaterThan(0.95);
        }
        assertThat(recordings.list(admin, tenant)).hasSize(files.size());
    }

    @Test
    void hostileAndUnsupportedFilesAreRefusedWithTheReasonAndNothingIsStored() {
        byte[] good = WavSamples.pcm16(16_000, 1, tone(16_000, 440, 500));
        Map<String, Object[]> bad = new LinkedHashMap<>();
        bad.put("nothing", new Object[] {new byte[0], Problem.NOT_WAV});
        bad.put("a text file renamed .wav", new Object[] {"営業時間は9時から18時です\n".getBytes(StandardCharsets.UTF_8),
                Problem.NOT_WAV});
        bad.put("a zip file", new Object[] {new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0}, Problem.NOT_WAV});
        bad.put("truncated data chunk", new Object[] {fixRiff(Arrays.copyOf(good, good.length - 101)),
                Problem.MALFORMED});
        bad.put("cut short, header unchanged", new Object[] {Arrays.copyOf(good, good.length - 100), Problem.MALFORMED});
        bad.put("RIFF header claiming 4 GB", new Object[] {with(good, 4, 0xFFFFFFF8), Problem.MALFORMED});
        bad.put("data chunk claiming 4 GB", new Object[] {with(good, 40, 0xFFFFFFFF), Problem.MALFORMED});
        bad.put("0 channels", new Object[] {WavSamples.wav(1, 0, 16_000, 0, 16, new byte[64]), Problem.CHANNELS});
        bad.put("6 channels", new Object[] {WavSamples.wav(1, 6, 16_000, 12, 16, new byte[120]), Problem.CHANNELS});
        bad.put("odd block align", new Object[] {WavSamples.wav(1, 1, 16_000, 3, 16, new byte[60]), Problem.MALFORMED});
        bad.put("data ending inside a frame", new Object[] {WavSamples.wav(1, 2, 16_000, 4, 16, new byte[62]),
                Problem.MALFORMED});
        bad.put("extensible, unknown sub-format", new Object[] {WavSamples.extensible(1, (byte) 0x72, new short[100]),
                Problem.UNSUPPORTED_FORMAT});
        bad.put("extensible float", new Object[] {WavSamples.extensible(3, (byte) 0x71, new short[100]),
                Problem.UNSUPPORTED_FORMAT});
        bad.put("32-bit float", new Object[] {WavSamples.wav(3, 1, 16_000, 4, 32, new byte[64]),
                Problem.UNSUPPORTED_FORMAT});
        bad.put("24-bit PCM", new Object[] {WavSamples.wav(1, 1, 16_000, 3, 24, new byte[60]),
                Problem.UNSUPPORTED_FORMAT});
        bad.put("4 kHz", new Object[] {WavSamples.pcm16(4000, 1, tone(4000, 440, 500)), Problem.SAMPLE_RATE});
        bad.put("96 kHz", new Object[] {WavSamples.pcm16(96_000, 1, tone(96_000, 440, 100)), Problem.SAMPLE_RATE});
        bad.put("8001 Hz", new Object[] {WavSamples.pcm16(8001, 1, tone(8001, 440, 500)), Problem.SAMPLE_RATE});
        bad.put("61 seconds", new Object[] {WavSamples.pcm8(8000, new short[8000 * 61]), Problem.TOO_LONG});
        bad.put("over 5 MB", new Object[] {WavSamples.pcm16(48_000, 2, new short[48_000 * 28]), Problem.TOO_LARGE});
        bad.put("no samples", new Object[] {WavSamples.wav(1, 1, 16_000, 2, 16, new byte[0]), Problem.NO_AUDIO});
        bad.put("a chunk claiming 4 GB before the data", new Object[] {hugeChunkFirst(good), Problem.MALFORMED});
        bad.put("thousands of empty chunks", new Object[] {manyChunks(good, 5000), Problem.MALFORMED});

        for (Map.Entry<String, Object[]> file : bad.entrySet()) {
            assertThatThrownBy(() -> recordings.upload(admin, tenant, "bad", (byte[]) file.getValue()[0]))
                    .as(file.getKey())
                    .isInstanceOfSatisfying(Rejected.class, e -> assertThat(e.problem()).as(file.getKey() + ": "
                            + e.getMessage()).isEqualTo(file.getValue()[1]))
                    .hasMessageNotContaining("Exception");
        }
        assertThatThrownBy(() -> recordings.upload(admin, tenant, "null", null)).isInstanceOf(Rejected.class);

        assertThat(rows()).isZero();
        assertThat(auditCount("prompt.upload", "rejected")).isEqualTo(bad.size() + 1);
    }

    @Test
    void aNameIsOneToAHundredCharactersWithoutControlCharacters() {
        byte[] good = WavSamples.pcm16(16_000, 1, tone(16_000, 440, 200));
        for (String name : new String[] {"", "   ", "あ".repeat(101), "bell\u0007", "line\nbreak", "tab\there",
                "abc\u202Egnp.exe", "\uD800lone surrogate", null}) {
            assertThatThrownBy(() -> recordings.upload(admin, tenant, name, good)).as(String.valueOf(name))
                    .isInstanceOfSatisfying(Rejected.class, e -> assertThat(e.problem()).isEqualTo(Problem.NAME));
        }
        assertThat(rows()).isZero();

        assertThat(recordings.upload(admin, tenant, "あ".repeat(100), good).name()).hasSize(100);
        assertThat(recordings.upload(admin, tenant, "😀 emoji and spaces ok", good).name())
                .isEqualTo("😀 emoji and spaces ok");
    }

    @Test
    void withoutFlowsEditNothingIsStoredListedOrDeletedAndTheRefusalIsLogged() {
        byte[] good = WavSamples.pcm16(16_000, 1, tone(16_000, 440, 200));
        String id = recordings.upload(admin, tenant, "greeting", good).id();

        assertThatThrownBy(() -> recordings.upload(member, tenant, "mine", good)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> recordings.list(member, tenant)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> recordings.delete(member, tenant, id)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> recordings.upload(otherAdmin, tenant, "planted", good))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> recordings.delete(otherAdmin, tenant, id)).isInstanceOf(AccessDeniedException.class);

        assertThat(rows()).isEqualTo(1);
        assertThat(recordings.ids(tenant)).containsExactly(id);
        assertThat(data.jdbc.sql("select count(*) from audit_events where action like 'prompt.%' and result = 'denied'")
                .query(Integer.class).single()).isEqualTo(5);
        assertThat(data.jdbc.sql("select actor from audit_events where action = 'prompt.upload' and result = 'denied'")
                .query(String.class).list()).containsExactlyInAnyOrder("user:taro", "user:mallory");
    }

    @Test
    void anotherTenantsRecordingIsNeitherPlayedNorValidNorDeletable() {
        String id = recordings.upload(admin, tenant, "greeting", WavSamples.pcm16(16_000, 1, tone(16_000, 440, 200)))
                .id();
        Flow borrowing = flowPlaying(id);

        assertThat(recordings.audio(otherTenant, id, 8000)).isEmpty();
        assertThat(recordings.ids(otherTenant)).isEmpty();
        assertThat(FlowValidator.check(borrowing, new FlowCapabilities(Set.of("en"), recordings.ids(otherTenant),
                Set.of()))).extracting(p -> p.message()).contains("plays a recorded prompt this tenant does not have");
        assertThat(FlowValidator.check(borrowing, new FlowCapabilities(Set.of("en"), recordings.ids(tenant),
                Set.of()))).isEmpty();
        assertThatThrownBy(() -> recordings.delete(otherAdmin, otherTenant, id))
                .isInstanceOfSatisfying(Rejected.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_FOUND));
        assertThat(recordings.ids(tenant)).containsExactly(id);
        assertThat(recordings.audio(tenant, "../../etc/passwd", 8000)).isEmpty();
        assertThat(recordings.audio(tenant, id, 0)).isEmpty();
    }

    @Test
    void aRowMovedToAnotherTenantDoesNotOpen() throws Exception {
        String id = recordings.upload(admin, tenant, "greeting", WavSamples.pcm16(16_000, 1, tone(16_000, 440, 200)))
                .id();

        data.execute("update prompt_recordings set tenant_id = '" + otherTenant + "' where id = '" + id + "'");

        assertThat(recordings.ids(otherTenant)).containsExactly(id);
        assertThat(recordings.audio(otherTenant, id, 8000)).as("sealed for the first tenant").isEmpty();
        assertThat(recordings.list(otherAdmin, otherTenant)).singleElement()
                .satisfies(r -> assertThat(r.name()).isEqualTo("?"));
    }

    @Test
    void whatIsStoredIsCiphertextWithNoWavHeaderNameOrSamplesInIt() {
        String id = recordings.upload(admin, tenant, "Opening hours greeting",
                WavSamples.pcm16(16_000, 1, tone(16_000, 440, 1000))).id();
        short[] stored = recordings.audio(tenant, id, 16_000).orElseThrow();
        ByteBuffer pcm = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 4000; i < 4032; i++) {
            pcm.putShort(stored[i]);
        }

        Map<String, Object> row = data.jdbc.sql("select name, audio from prompt_recordings where id = ?")
                .param(UUID.fromString(id)).query().singleRow();
        byte[] audio = (byte[]) row.get("audio");
        byte[] name = (byte[]) row.get("name");

        assertThat(audio.length).isGreaterThan(32_000);
        for (String marker : List.of("RIFF", "WAVE", "fmt ", "data")) {
            assertThat(Bytes.indexOf(audio, marker.getBytes(StandardCharsets.US_ASCII))).as(marker).isEqualTo(-1);
        }
        assertThat(Bytes.indexOf(audio, pcm.array())).as("samples").isEqualTo(-1);
        assertThat(Bytes.indexOf(name, "Opening".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
    }

    @Test
    void aRecordingThePublishedFlowOrTheDraftPlaysIsNotDeletedAndARollBackCannotBringBackADeletedOne() {
        String id = recordings.upload(admin, tenant, "greeting", WavSamples.pcm16(16_000, 1, tone(16_000, 440, 200)))
                .id();
        editing.saveDraft(admin, tenant, flowPlaying(id));

        assertThatThrownBy(() -> recordings.delete(admin, tenant, id))
                .isInstanceOfSatisfying(Rejected.class, e -> assertThat(e.problem()).isEqualTo(Problem.USED_BY_DRAFT));

        assertThat(editing.publish(admin, tenant).number()).isEqualTo(1);
        assertThatThrownBy(() -> recordings.delete(admin, tenant, id))
                .isInstanceOfSatisfying(Rejected.class,
                        e -> assertThat(e.problem()).isEqualTo(Problem.USED_BY_PUBLISHED_FLOW))
                .hasMessageContaining("version 1");
        assertThat(recordings.ids(tenant)).containsExactly(id);
        assertThat(auditCount("prompt.delete", "rejected")).isEqualTo(2);

        editing.saveDraft(admin, tenant, new Flow("en-US", null, List.of(new Node.Hangup("bye", Prompt.text("Bye"))),
                List.of(), List.of(), null));
        assertThat(editing.publish(admin, tenant).number()).isEqualTo(2);
        recordings.delete(admin, tenant, id);

        assertThatThrownBy(() -> editing.rollBack(admin, tenant, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deleted");
        assertThat(store.inUse(tenant)).contains(2);
        assertThat(auditCount("flow.rollback", "rejected")).isEqualTo(1);
    }

    @Test
    void aTenantKeepsAtMostItsShareOfRecordings() throws Exception {
        byte[] good = WavSamples.pcm16(8000, 1, tone(8000, 440, 100));
        String sealed = "insert into prompt_recordings (id, tenant_id, name, audio, duration_ms, uploaded_at, uploaded_by) "
                + "select ?, tenant_id, name, audio, duration_ms, uploaded_at, uploaded_by from prompt_recordings where id = ?";
        UUID first = UUID.fromString(recordings.upload(admin, tenant, "first", good).id());
        for (int i = 1; i < jp.uketsuke.voicebot.PromptRecordings.MAX_PER_TENANT; i++) {
            data.jdbc.sql(sealed).params(UUID.randomUUID(), first).update();
        }

        assertThatThrownBy(() -> recordings.upload(admin, tenant, "one too many", good))
                .isInstanceOfSatisfying(Rejected.class, e -> assertThat(e.problem()).isEqualTo(Problem.TOO_MANY));
        assertThat(rows()).isEqualTo(jp.uketsuke.voicebot.PromptRecordings.MAX_PER_TENANT);
        assertThat(recordings.upload(otherAdmin, otherTenant, "another tenant's first", good)).isNotNull();
    }

    private static Flow flowPlaying(String recording) {
        return new Flow("en-US", null, List.of(new Node.Say("hello", Prompt.recorded(recording), "bye"),
                new Node.Hangup("bye", Prompt.text("Goodbye"))), List.of(), List.of(), null);
    }

    private int rows() {
        return data.jdbc.sql("select count(*) from prompt_recordings").query(Integer.class).single();
    }

    private int auditCount(String action, String result) {
        return data.jdbc.sql("select count(*) from audit_events where action = ? and result = ?")
                .params(action, result).query(Integer.class).single();
    }

    private static byte[] fixRiff(byte[] wav) {
        return with(wav, 4, wav.length - 8);
    }

    /** A LIST chunk declaring 4 GB ahead of the format chunk, the RIFF size consistent with the bytes. */
    private static byte[] hugeChunkFirst(byte[] good) {
        ByteBuffer out = ByteBuffer.allocate(good.length + 8 + 16).order(ByteOrder.LITTLE_ENDIAN);
        out.put(good, 0, 12).put("LIST".getBytes()).putInt(0xFFFFFFF0).put(new byte[16]).put(good, 12, good.length - 12);
        return fixRiff(out.array());
    }

    private static byte[] manyChunks(byte[] good, int count) {
        ByteBuffer out = ByteBuffer.allocate(good.length + 8 * count).order(ByteOrder.LITTLE_ENDIAN);
        out.put(good, 0, 12);
        for (int i = 0; i < count; i++) {
            out.put("junk".getBytes()).putInt(0);
        }
        out.put(good, 12, good.length - 12);
        return fixRiff(out.array());
    }
}
