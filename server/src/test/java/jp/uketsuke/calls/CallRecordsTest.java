package jp.uketsuke.calls;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.calls.internal.JdbcCallHistory;
import jp.uketsuke.calls.internal.JdbcCallJournal;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.config.Database;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.vault.CiphertextRejectedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Database.class)
class CallRecordsTest {

    static final int RATE = 8000;
    static final int FRAME = 160; // 20 ms at 8 kHz

    @Parameter
    Database database;
    @TempDir
    Path dataDir;
    DataFixture data;
    JdbcCallJournal journal;
    JdbcCallHistory history;
    UUID tenant;
    UUID otherTenant;
    Viewer staff;
    Viewer outsider;

    @BeforeEach
    void start() {
        data = DataFixture.start(database, dataDir);
        journal = data.journal("node-1");
        history = data.history();
        tenant = data.tenants.create("山田歯科", "ja");
        otherTenant = data.tenants.create("Other", "ja");
        data.tenants.assignNumber(tenant, "0500000000");
        staff = new Viewer("user:hanako", Set.of(tenant), Set.of("calls:read", "recordings:play"), "192.0.2.10");
        outsider = new Viewer("user:mallory", Set.of(otherTenant), Set.of("calls:read", "recordings:play"), "192.0.2.66");
    }

    @AfterEach
    void stop() throws Exception {
        data.close();
    }

    @Test
    void aCallIsReadBackAsItWasWrittenAndEveryReadIsAudited() throws IOException {
        Instant t0 = data.clock.instant();
        UUID call = journal.open(tenant, "sip:+819012345678@trunk.example;user=phone", "+81500000000", t0);
        journal.addTurn(call, Speaker.BOT, Duration.ZERO, "お電話ありがとうございます。");
        journal.addTurn(call, Speaker.CALLER, Duration.ofMillis(2400), "予約を変更したいです");
        short[][] audio = audio(120);
        try (RecordingWriter recording = journal.openRecording(call, RATE)) {
            for (int i = 0; i < audio.length; i += 2) {
                recording.write(audio[i], audio[i + 1]);
            }
        }
        journal.close(call, t0.plusSeconds(31), CallOutcome.MESSAGE_TAKEN);

        List<CallSummary> calls = history.list(staff, tenant, 20);
        assertThat(calls).containsExactly(new CallSummary(call, tenant, t0, Duration.ofSeconds(31), "090-****-5678",
                "0500000000", CallOutcome.MESSAGE_TAKEN, true));

        CallDetail detail = history.find(staff, call).orElseThrow();
        assertThat(detail.summary()).isEqualTo(calls.getFirst());
        assertThat(detail.turns()).containsExactly(
                new TranscriptTurn(Speaker.BOT, Duration.ZERO, "お電話ありがとうございます。"),
                new TranscriptTurn(Speaker.CALLER, Duration.ofMillis(2400), "予約を変更したいです"));

        CallHistory.Recording recording = history.recording(staff, call).orElseThrow();
        byte[] wav = wav(recording);
        byte[] pcm = interleaved(audio);
        assertThat(recording.wavLength()).isEqualTo(44 + pcm.length).isEqualTo(wav.length);
        assertWavHeader(wav, pcm.length);
        assertThat(Arrays.copyOfRange(wav, 44, wav.length)).isEqualTo(pcm);

        assertThat(auditTrail()).containsExactly(
                new AuditEvent("user:hanako", tenant, "call.list", "tenant:" + tenant, "192.0.2.10", "ok"),
                new AuditEvent("user:hanako", tenant, "call.read", "call:" + call, "192.0.2.10", "ok"),
                new AuditEvent("user:hanako", tenant, "recording.play", "call:" + call, "192.0.2.10", "ok"));
        assertThat(data.audit.verify().intact()).isTrue();
    }

    @Test
    void anotherTenantsViewerSeesNothingAndTheAttemptIsAudited() {
        UUID call = journal.open(tenant, "09012345678", "0500000000", data.clock.instant());
        journal.addTurn(call, Speaker.CALLER, Duration.ZERO, "予約を変更したいです");

        assertThat(history.list(outsider, tenant, 20)).isEmpty();
        assertThat(history.find(outsider, call)).isEmpty();
        assertThat(history.recording(outsider, call)).isEmpty();
        // exactly what a call that does not exist looks like
        assertThat(history.find(outsider, UUID.randomUUID())).isEmpty();

        assertThat(auditTrail()).extracting(AuditEvent::actor, AuditEvent::tenantId, AuditEvent::action, AuditEvent::result)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("user:mallory", tenant, "call.list", "denied"),
                        org.assertj.core.groups.Tuple.tuple("user:mallory", tenant, "call.read", "denied"),
                        org.assertj.core.groups.Tuple.tuple("user:mallory", tenant, "recording.play", "denied"),
                        org.assertj.core.groups.Tuple.tuple("user:mallory", null, "call.read", "not_found"));
    }

    @Test
    void eachPermissionIsCheckedOnItsOwn() throws IOException {
        UUID call = journal.open(tenant, "09012345678", "0500000000", data.clock.instant());
        journal.openRecording(call, RATE).close();
        var readOnly = new Viewer("apikey:uk_1", Set.of(tenant), Set.of("calls:read"), "192.0.2.11");
        var listenOnly = new Viewer("apikey:uk_2", Set.of(tenant), Set.of("recordings:play"), "192.0.2.12");

        assertThat(history.find(readOnly, call)).isPresent();
        assertThat(history.recording(readOnly, call)).isEmpty();
        assertThat(history.find(listenOnly, call)).isEmpty();
        assertThat(history.list(listenOnly, tenant, 10)).isEmpty();
        assertThat(wav(history.recording(listenOnly, call).orElseThrow())).hasSize(44);
    }

    @Test
    void theListIsNewestFirstAndLimited() {
        UUID first = journal.open(tenant, "09011110001", "0500000000", data.clock.instant());
        data.clock.advance(Duration.ofMinutes(1));
        UUID second = journal.open(tenant, "anonymous", "0500000000", data.clock.instant());
        data.clock.advance(Duration.ofMinutes(1));
        UUID third = journal.open(tenant, "09011110003", "0500000000", data.clock.instant());
        journal.open(otherTenant, "09011110004", "0500000000", data.clock.instant());

        assertThat(history.list(staff, tenant, 2)).extracting(CallSummary::id).containsExactly(third, second);
        assertThat(history.list(staff, tenant, 100)).extracting(CallSummary::id).containsExactly(third, second, first);
        assertThat(history.list(staff, tenant, 100)).extracting(CallSummary::callerMasked)
                .containsExactly("090-****-0003", "", "090-****-0001");
        assertThat(history.list(staff, tenant, -5)).hasSize(1);
    }

    @Test
    void aCrashKeepsThePartialRecordingAndTheCallIsMarkedIncomplete() throws IOException {
        Instant t0 = data.clock.instant();
        UUID call = journal.open(tenant, "09012345678", "0500000000", t0);
        journal.addTurn(call, Speaker.CALLER, Duration.ofMillis(1500), "予約を変更したいです");
        short[][] audio = audio(200); // 100 frames = 2 s, about 16 segments of 4 KB
        RecordingWriter abandoned = journal.openRecording(call, RATE);
        for (int i = 0; i < audio.length; i += 2) {
            abandoned.write(audio[i], audio[i + 1]);
        }
        // the process dies here: neither the recording nor the call is closed

        JdbcCallJournal otherNode = data.journal("node-2");
        assertThat(otherNode.recoverInterruptedCalls()).isZero();
        assertThat(journal.recoverInterruptedCalls()).as("a call open in this process is not touched").isZero();
        JdbcCallJournal restarted = data.journal("node-1");
        assertThat(restarted.recoverInterruptedCalls()).isEqualTo(1);

        CallSummary summary = history.list(staff, tenant, 10).getFirst();
        assertThat(summary.outcome()).isEqualTo(CallOutcome.INCOMPLETE);
        byte[] pcm = interleaved(audio);
        byte[] wav = wav(history.recording(staff, call).orElseThrow());
        long kept = wav.length - 44;
        assertThat(kept).isBetween(pcm.length - 2 * 4096L, pcm.length - 1L).isEqualTo(kept / 4 * 4);
        assertWavHeader(wav, (int) kept);
        assertThat(Arrays.copyOfRange(wav, 44, wav.length)).isEqualTo(Arrays.copyOf(pcm, (int) kept));
        // the end is estimated from what was kept: the audio outlasts the last turn
        assertThat(summary.duration()).isEqualTo(Duration.ofMillis(kept * 1000 / (4 * RATE)));
        assertThat(history.find(staff, call).orElseThrow().turns()).hasSize(1);
        assertThat(restarted.recoverInterruptedCalls()).isZero();
    }

    @Test
    void aRecordingCutMidSegmentKeepsEverySegmentBeforeTheCut() throws IOException {
        UUID call = journal.open(tenant, "09012345678", "0500000000", data.clock.instant());
        short[][] audio = audio(200);
        RecordingWriter abandoned = journal.openRecording(call, RATE);
        for (int i = 0; i < audio.length; i += 2) {
            abandoned.write(audio[i], audio[i + 1]);
        }
        Path file = dataDir.resolve("recordings/" + tenant + "/" + call + ".rec");
        long segments = Files.size(file) / 4096;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(segments / 2 * 4096 + 1000);
        }

        data.journal("node-1").recoverInterruptedCalls();

        byte[] wav = wav(history.recording(staff, call).orElseThrow());
        byte[] pcm = interleaved(audio);
        assertThat(wav.length - 44).isGreaterThan(0).isLessThan((int) (segments / 2 * 4096));
        assertThat(Arrays.copyOfRange(wav, 44, wav.length)).isEqualTo(Arrays.copyOf(pcm, wav.length - 44));
    }

    @Test
    void aRecordingDamagedAfterItWasClosedFailsCleanlyWhileStreaming() throws IOException {
        UUID call = journal.open(tenant, "09012345678", "0500000000", data.clock.instant());
        short[][] audio = audio(200);
        try (RecordingWriter recording = journal.openRecording(call, RATE)) {
            for (int i = 0; i < audio.length; i += 2) {
                recording.write(audio[i], audio[i + 1]);
            }
        }
        Path file = dataDir.resolve("recordings/" + tenant + "/" + call + ".rec");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);

        CallHistory.Recording recording = history.recording(staff, call).orElseThrow();
        assertThat(recording.wavLength()).isEqualTo(44 + interleaved(audio).length);
        assertThatThrownBy(() -> recording.writeWav(new ByteArrayOutputStream()))
                .isInstanceOf(IOException.class).hasMessageContaining("damaged");
    }

    @Test
    void tamperedRowsAreRefusedAndLeftAsTheyAre() {
        UUID a = journal.open(tenant, "09011112222", "0500000000", data.clock.instant());
        UUID b = journal.open(tenant, "09033334444", "0500000000", data.clock.instant());
        journal.addTurn(a, Speaker.CALLER, Duration.ZERO, "一つ目");
        journal.addTurn(a, Speaker.BOT, Duration.ofSeconds(1), "二つ目");
        byte[] callerOfA = data.jdbc.sql("select caller_number from calls where id = ?").param(a).query(byte[].class).single();
        data.jdbc.sql("update calls set caller_number = ? where id = ?").params(callerOfA, b).update();
        data.jdbc.sql("update call_turns set seq = 3 where call_id = ? and seq = 1").param(a).update();

        // the list still shows, without the number that does not belong to its row
        assertThat(history.list(staff, tenant, 10)).extracting(CallSummary::id, CallSummary::callerMasked)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(a, "090-****-2222"),
                        org.assertj.core.groups.Tuple.tuple(b, ""));
        assertThatThrownBy(() -> history.find(staff, b)).isInstanceOf(CiphertextRejectedException.class);
        assertThatThrownBy(() -> history.find(staff, a)).isInstanceOf(CiphertextRejectedException.class);
        assertThat(auditTrail()).extracting(AuditEvent::action, AuditEvent::result)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("call.list", "ok"),
                        org.assertj.core.groups.Tuple.tuple("call.read", "error"),
                        org.assertj.core.groups.Tuple.tuple("call.read", "error"));
        assertThat(data.jdbc.sql("select count(*) from call_turns where call_id = ?").param(a).query(Long.class).single())
                .isEqualTo(2);
    }

    @Test
    void badInputToTheJournalIsRefusedAndStoresNothing() {
        UUID call = journal.open(tenant, "09012345678", "0500000000", data.clock.instant());

        assertThatThrownBy(() -> journal.addTurn(UUID.randomUUID(), Speaker.BOT, Duration.ZERO, "x"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> journal.addTurn(call, Speaker.BOT, Duration.ZERO, "x".repeat(20_001)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> journal.openRecording(call, 7)).isInstanceOf(IllegalArgumentException.class);
        RecordingWriter recording = journal.openRecording(call, RATE);
        assertThatThrownBy(() -> journal.openRecording(call, RATE)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> recording.write(new short[160], new short[159])).isInstanceOf(IllegalArgumentException.class);
        recording.close();
        recording.close();
        assertThatThrownBy(() -> recording.write(new short[160], new short[160])).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> journal.close(call, data.clock.instant(), CallOutcome.IN_PROGRESS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> journal.close(UUID.randomUUID(), data.clock.instant(), CallOutcome.BLOCKED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> journal.open(UUID.randomUUID(), "09012345678", "0500000000", data.clock.instant()))
                .isInstanceOf(IllegalStateException.class);

        assertThat(data.jdbc.sql("select count(*) from call_turns").query(Long.class).single()).isZero();
        assertThat(data.jdbc.sql("select count(*) from calls").query(Long.class).single()).isEqualTo(1);
        assertThat(data.jdbc.sql("select pcm_bytes from recordings where call_id = ?").param(call).query(Long.class).single())
                .isZero();
    }

    @Test
    void callsAreFoundByCallerNumberThroughTheKeyedIndex() {
        UUID first = journal.open(tenant, "090-1234-5678", "0500000000", data.clock.instant());
        data.clock.advance(Duration.ofMinutes(1));
        journal.open(tenant, "09099999999", "0500000000", data.clock.instant());
        data.clock.advance(Duration.ofMinutes(1));
        UUID again = journal.open(tenant, "+819012345678", "0500000000", data.clock.instant());
        UUID elsewhere = journal.open(otherTenant, "09012345678", "0500000000", data.clock.instant());

        assertThat(history.listByCaller(staff, tenant, "090 1234 5678", 10)).extracting(CallSummary::id)
                .containsExactly(again, first);
        assertThat(history.listByCaller(staff, tenant, "anonymous", 10)).isEmpty();
        assertThat(history.listByCaller(outsider, tenant, "09012345678", 10)).isEmpty();
        assertThat(data.jdbc.sql("select caller_index from calls where id = ?").param(elsewhere).query(String.class).single())
                .as("the same number indexes differently in another tenant")
                .isNotEqualTo(data.jdbc.sql("select caller_index from calls where id = ?").param(first).query(String.class).single());
        assertThat(auditTrail()).extracting(AuditEvent::action, AuditEvent::target, AuditEvent::result)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("call.search", "tenant:" + tenant, "ok"),
                        org.assertj.core.groups.Tuple.tuple("call.search", "tenant:" + tenant, "ok"),
                        org.assertj.core.groups.Tuple.tuple("call.search", "tenant:" + tenant, "denied"));
    }

    private List<AuditEvent> auditTrail() {
        return data.jdbc.sql("select actor, tenant_id, action, target, source_address, result from audit_events order by seq")
                .query((rs, n) -> new AuditEvent(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6)))
                .list();
    }

    /** count/2 frames of 20 ms: [2i] caller, [2i+1] bot, each a distinct ramp so misplaced bytes show. */
    static short[][] audio(int count) {
        short[][] frames = new short[count][FRAME];
        for (int f = 0; f < count; f++) {
            for (int s = 0; s < FRAME; s++) {
                frames[f][s] = (short) ((f % 2 == 0 ? 1 : -1) * (f * 37 + s * 11));
            }
        }
        return frames;
    }

    @Test
    void openingPublishesCallStartedAndClosingCallCompletedOnceAndMessageTakenForAMessage() {
        UUID message = journal.open(tenant, "09012345678", "0312345678", data.clock.instant(), 3);
        UUID answered = journal.open(tenant, null, "0312345678", data.clock.instant(), 3);
        journal.close(message, data.clock.instant(), CallOutcome.MESSAGE_TAKEN);
        journal.close(answered, data.clock.instant(), CallOutcome.FAQ_ANSWERED);
        journal.close(answered, data.clock.instant(), CallOutcome.FAQ_ANSWERED);

        assertThat(data.published).containsExactly(
                new CallStarted(message, tenant, data.clock.instant()),
                new CallStarted(answered, tenant, data.clock.instant()),
                new CallCompleted(message, tenant, CallOutcome.MESSAGE_TAKEN, data.clock.instant()),
                new MessageTaken(message, tenant),
                new CallCompleted(answered, tenant, CallOutcome.FAQ_ANSWERED, data.clock.instant()));
    }

    @Test
    void theRecordKeepsWhichFlowVersionAnsweredAndThePurposeSealed() {
        UUID call = journal.open(tenant, "09012345678", "0312345678", data.clock.instant(), 7);
        journal.setPurpose(call, "予約の変更をお願いしたい");
        journal.close(call, data.clock.instant(), CallOutcome.COMPLETED);

        assertThat(data.jdbc.sql("select flow_version from calls where id = ?").param(call).query(Integer.class).single())
                .isEqualTo(7);
        byte[] stored = data.jdbc.sql("select purpose from calls where id = ?").param(call).query(byte[].class).single();
        assertThat(new String(stored, UTF_8)).doesNotContain("予約");
        assertThatThrownBy(() -> journal.setPurpose(call, "after the end")).isInstanceOf(IllegalStateException.class);
        UUID open = journal.open(tenant, null, "0312345678", data.clock.instant(), 7);
        assertThatThrownBy(() -> journal.setPurpose(open, "長".repeat(2001))).isInstanceOf(IllegalArgumentException.class);
    }

    static byte[] interleaved(short[][] audio) {
        ByteBuffer pcm = ByteBuffer.allocate(audio.length / 2 * FRAME * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < audio.length; i += 2) {
            for (int s = 0; s < FRAME; s++) {
                pcm.putShort(audio[i][s]).putShort(audio[i + 1][s]);
            }
        }
        return pcm.array();
    }

    static byte[] wav(CallHistory.Recording recording) throws IOException {
        var out = new ByteArrayOutputStream();
        recording.writeWav(out);
        return out.toByteArray();
    }

    static void assertWavHeader(byte[] wav, int pcmBytes) {
        ByteBuffer h = ByteBuffer.wrap(wav, 0, 44).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(wav, 0, 4, UTF_8)).isEqualTo("RIFF");
        assertThat(h.getInt(4)).isEqualTo(36 + pcmBytes);
        assertThat(new String(wav, 8, 8, UTF_8)).isEqualTo("WAVEfmt ");
        assertThat(h.getShort(20)).isEqualTo((short) 1);
        assertThat(h.getShort(22)).isEqualTo((short) 2);
        assertThat(h.getInt(24)).isEqualTo(RATE);
        assertThat(h.getInt(28)).isEqualTo(RATE * 4);
        assertThat(h.getShort(34)).isEqualTo((short) 16);
        assertThat(new String(wav, 36, 4, UTF_8)).isEqualTo("data");
        assertThat(h.getInt(40)).isEqualTo(pcmBytes);
    }
}
