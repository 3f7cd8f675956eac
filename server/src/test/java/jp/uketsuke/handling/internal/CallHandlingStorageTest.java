package jp.uketsuke.handling.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.calls.CallStatus;
import jp.uketsuke.calls.internal.JdbcCallJournal;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.config.Database;
import jp.uketsuke.handling.CallHandling;
import jp.uketsuke.handling.CallHandlingChanged;
import jp.uketsuke.handling.HandlingRefused;
import jp.uketsuke.handling.HandlingRefused.Reason;
import jp.uketsuke.handling.NoteInput;
import jp.uketsuke.handling.ShownCallback;
import jp.uketsuke.handling.ShownNote;
import jp.uketsuke.identity.TenantStaff;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.summary.PurposeCategory;
import jp.uketsuke.vault.CiphertextRejectedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Status, assignee, tags, sealed notes and callback tasks on H2 and PostgreSQL: checks, versions, masking, audit. */
@ParameterizedClass
@EnumSource(Database.class)
class CallHandlingStorageTest {

    @Parameter
    Database database;
    @TempDir
    Path dataDir;
    DataFixture data;
    JdbcCallWork work;
    JdbcCallNotes notes;
    JdbcCallbacks callbacks;
    final List<Object> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    UUID tenant;
    UUID other;
    UUID call;
    Viewer hanako;
    Viewer jiro;
    Viewer outsider;

    @BeforeEach
    void start() {
        data = DataFixture.start(database, dataDir);
        tenant = data.tenants.create("ミナト歯科", "ja");
        other = data.tenants.create("Other", "ja");
        hanako = new Viewer("user:hanako", Set.of(tenant), Set.of("calls:read", "transcripts:unredacted"), "192.0.2.10");
        jiro = new Viewer("user:jiro", Set.of(tenant), Set.of("calls:read"), "192.0.2.11");
        outsider = new Viewer("user:mallory", Set.of(other), Set.of("calls:read", "transcripts:unredacted"), "192.0.2.66");
        // the identity module's answer for these tenants, as its own tests prove it from users and assignments
        TenantStaff staff = (permission, t) -> t.equals(tenant)
                ? List.of(new TenantStaff.Member("user:hanako", "hanako"), new TenantStaff.Member("user:jiro", "jiro"))
                : List.of();
        HandlingAccess access = new HandlingAccess(data.jdbc, data.audit, staff, events::add);
        work = new JdbcCallWork(data.jdbc, data.transactions, access, data.clock);
        callbacks = new JdbcCallbacks(data.jdbc, data.vault, access, data.clock);
        notes = new JdbcCallNotes(data.jdbc, data.transactions, data.vault, access, callbacks, data.clock);
        call = closedCall(tenant);
    }

    @AfterEach
    void stop() throws Exception {
        data.close();
    }

    UUID closedCall(UUID owner) {
        JdbcCallJournal journal = data.journal("node-1");
        UUID id = journal.open(owner, "09012345678", "0500000000", data.clock.instant());
        journal.close(id, data.clock.instant().plusSeconds(30), CallOutcome.MESSAGE_TAKEN);
        return id;
    }

    List<AuditEvent> audit(String action) {
        return data.jdbc.sql("select actor, tenant_id, action, target, source_address, result from audit_events where action = ? order by seq")
                .param(action)
                .query((rs, n) -> new AuditEvent(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6)))
                .list();
    }

    @Test
    void statusFollowsTheWorkflowAndEveryStepIsAuditedAndPublished() {
        CallHandling h = work.handling(jiro, call).orElseThrow();
        assertThat(h.status()).isEqualTo(CallStatus.OPEN);
        assertThat(h.version()).isZero();

        h = work.moveTo(jiro, call, h.version(), CallStatus.IN_PROGRESS).orElseThrow();
        h = work.moveTo(jiro, call, h.version(), CallStatus.DONE).orElseThrow();
        int done = h.version();
        assertThatThrownBy(() -> work.moveTo(jiro, call, done, CallStatus.OPEN))
                .isInstanceOfSatisfying(HandlingRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRANSITION));
        h = work.moveTo(jiro, call, done, CallStatus.IN_PROGRESS).orElseThrow();

        assertThat(h.status()).isEqualTo(CallStatus.IN_PROGRESS);
        assertThat(h.version()).isEqualTo(3);
        assertThat(h.statusChangedAt()).isNotNull();
        assertThat(audit("call.status")).hasSize(3).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo("user:jiro");
            assertThat(e.result()).isEqualTo(AuditEvent.OK);
            assertThat(e.target()).startsWith("call:" + call);
        });
        assertThat(events).filteredOn(CallHandlingChanged.class::isInstance).hasSize(3)
                .allSatisfy(e -> assertThat(e).isEqualTo(new CallHandlingChanged(call, tenant,
                        CallHandlingChanged.Change.STATUS, "user:jiro")));
    }

    @Test
    void aChangeFromAStalePageIsRefusedAndChangesNothing() {
        CallHandling seen = work.handling(hanako, call).orElseThrow();
        work.moveTo(jiro, call, seen.version(), CallStatus.IN_PROGRESS).orElseThrow();

        assertThatThrownBy(() -> work.moveTo(hanako, call, seen.version(), CallStatus.DONE))
                .isInstanceOfSatisfying(HandlingRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.STALE));
        assertThatThrownBy(() -> work.assign(hanako, call, seen.version(), "user:hanako"))
                .isInstanceOfSatisfying(HandlingRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.STALE));
        assertThatThrownBy(() -> work.tag(hanako, call, seen.version(), "VIP"))
                .isInstanceOfSatisfying(HandlingRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.STALE));

        CallHandling now = work.handling(hanako, call).orElseThrow();
        assertThat(now.status()).isEqualTo(CallStatus.IN_PROGRESS);
        assertThat(now.assignee()).isNull();
        assertThat(now.tags()).isEmpty();
        assertThat(audit("call.status")).extracting(AuditEvent::result).containsExactly(AuditEvent.OK, "stale");
    }

    @Test
    void anotherTenantsOrAnUnknownCallIsAbsentAndAudited() {
        assertThat(work.handling(outsider, call)).isEmpty();
        assertThat(work.moveTo(outsider, call, 0, CallStatus.DONE)).isEmpty();
        assertThat(work.assign(outsider, call, 0, null)).isEmpty();
        assertThat(work.tag(outsider, call, 0, "x")).isEmpty();
        assertThat(notes.notes(outsider, call)).isEmpty();
        assertThat(notes.add(outsider, call, new NoteInput(null, null, PurposeCategory.OTHER, "x", false, null, null))).isEmpty();
        assertThat(callbacks.ofCall(outsider, call)).isEmpty();
        assertThat(callbacks.create(outsider, call, "0312345678", data.clock.instant(), null)).isEmpty();
        assertThat(work.moveTo(hanako, UUID.randomUUID(), 0, CallStatus.DONE)).isEmpty();

        assertThat(work.handling(hanako, call).orElseThrow().status()).isEqualTo(CallStatus.OPEN);
        assertThat(audit("call.status")).extracting(AuditEvent::result).containsExactly(AuditEvent.DENIED, AuditEvent.NOT_FOUND);
        assertThat(audit("call.notes.read")).extracting(AuditEvent::result).containsExactly(AuditEvent.DENIED);
        assertThat(work.assignees(outsider, tenant)).isEmpty();
        assertThat(work.tenantTags(outsider, tenant)).isEmpty();
    }

    @Test
    void callsGoOnlyToTheTenantsStaff() {
        CallHandling h = work.assign(hanako, call, 0, "user:jiro").orElseThrow();
        assertThat(h.assignee()).isEqualTo("user:jiro");

        for (String stranger : new String[] {"user:mallory", "apikey:uk_1234", "user:jiro\u0000", "' or 1=1 --"}) {
            int version = h.version();
            assertThatThrownBy(() -> work.assign(hanako, call, version, stranger)).as(stranger)
                    .isInstanceOfSatisfying(HandlingRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.ASSIGNEE));
        }
        h = work.assign(hanako, call, h.version(), "").orElseThrow();
        assertThat(h.assignee()).isNull();
        assertThat(audit("call.assign")).extracting(AuditEvent::target)
                .containsExactly("call:" + call + " assignee:user:jiro", "call:" + call + " assignee:-");
    }

    @Test
    void tagsAreNormalisedBoundedAndSuggestedFromTheTenantsOwn() {
        CallHandling h = work.tag(jiro, call, 0, "  ＶＩＰ ").orElseThrow();
        h = work.tag(jiro, call, h.version(), "vip").orElseThrow();
        assertThat(h.tags()).containsExactly("vip");
        for (int i = 1; i < 10; i++) {
            h = work.tag(jiro, call, h.version(), "tag" + i).orElseThrow();
        }
        assertThat(h.tags()).hasSize(10);
        int full = h.version();
        assertThatThrownBy(() -> work.tag(jiro, call, full, "one more"))
                .isInstanceOfSatisfying(HandlingRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_TAGS));
        for (String bad : new String[] {"", "   ", "x".repeat(21), "a\u0007b", "a\u202Eb", "a\u200Bb", "a\nb", "x".repeat(500)}) {
            assertThatThrownBy(() -> work.tag(jiro, call, full, bad)).as(bad)
                    .isInstanceOfSatisfying(HandlingRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.TAG));
        }
        h = work.untag(jiro, call, full, "VIP").orElseThrow();
        assertThat(h.tags()).hasSize(9).doesNotContain("vip");

        UUID second = closedCall(tenant);
        work.tag(jiro, second, 0, "tag1").orElseThrow();
        assertThat(work.tenantTags(jiro, tenant)).startsWith("tag1").contains("tag9").doesNotContain("vip");
        // the tag's words stay out of the operation log
        assertThat(audit("call.tag.add")).allSatisfy(e -> assertThat(e.target()).doesNotContain("tag"));
    }

    @Test
    void aTagCarriesItsCallsStartSoThatTheListsTagFilterWalksTheTagsIndex() {
        UUID earlier = data.journal("node-1").open(tenant, "09012345678", "0500000000",
                Instant.parse("2026-03-01T01:02:03.123456Z"));
        work.tag(jiro, earlier, 0, "VIP").orElseThrow();
        work.tag(jiro, call, 0, "VIP").orElseThrow();

        assertThat(data.jdbc.sql("select t.call_id from call_tags t join calls c on c.id = t.call_id"
                        + " where t.started_at = c.started_at and t.tenant_id = c.tenant_id and t.tag = 'vip'")
                .query(UUID.class).list()).containsExactlyInAnyOrder(earlier, call);
    }

    NoteInput note(boolean callback, Instant by) {
        return new NoteInput("山田太郎", "山田商事", PurposeCategory.CALLBACK, "見積もりの件で 090-8765-4321 へ折り返し希望",
                callback, callback ? "090-8765-4321" : null, by);
    }

    @Test
    void notesAreSealedNewestFirstAndMaskedForViewersWithoutUnredacted() throws Exception {
        notes.add(hanako, call, new NoteInput(null, null, PurposeCategory.INQUIRY, "最初のメモ", false, null, null)).orElseThrow();
        data.clock.advance(Duration.ofMinutes(1));
        UUID second = notes.add(jiro, call, note(false, null)).orElseThrow();

        List<ShownNote> whole = notes.notes(hanako, call).orElseThrow();
        assertThat(whole).extracting(ShownNote::id).first().isEqualTo(second);
        assertThat(whole.getFirst()).satisfies(n -> {
            assertThat(n.author()).isEqualTo("user:jiro");
            assertThat(n.callerName()).isEqualTo("山田太郎");
            assertThat(n.text()).contains("090-8765-4321");
            assertThat(n.masked()).isFalse();
        });
        assertThat(whole.get(1).text()).isEqualTo("最初のメモ");

        ShownNote masked = notes.notes(jiro, call).orElseThrow().getFirst();
        assertThat(masked.callerName()).isNull();
        assertThat(masked.nameHidden()).isTrue();
        assertThat(masked.text()).doesNotContain("8765").contains("4321");
        assertThat(masked.masked()).isTrue();

        assertThat(audit("call.notes.read.unredacted")).extracting(AuditEvent::actor).containsExactly("user:hanako");
        assertThat(audit("call.notes.read")).extracting(AuditEvent::actor).containsExactly("user:jiro");
        assertThat(audit("call.note.add")).hasSize(2);
        // nothing of it in plaintext at rest
        byte[] stored = data.jdbc.sql("select content from call_notes where id = ?").param(second).query(byte[].class).single();
        String raw = new String(stored, StandardCharsets.UTF_8) + new String(stored, StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain("山田").doesNotContain("8765").doesNotContain("CALLBACK");
    }

    @Test
    void aNoteMovedToAnotherCallDoesNotOpen() throws Exception {
        UUID id = notes.add(hanako, call, note(false, null)).orElseThrow();
        UUID elsewhere = closedCall(tenant);
        data.execute("update call_notes set call_id = '" + elsewhere + "' where id = '" + id + "'");

        assertThatThrownBy(() -> notes.notes(hanako, elsewhere)).isInstanceOf(CiphertextRejectedException.class);
        assertThat(audit("call.notes.read.unredacted")).extracting(AuditEvent::result).containsExactly(AuditEvent.ERROR);
    }

    @Test
    void badNotesAreRefusedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> new NoteInput("x".repeat(41), null, PurposeCategory.OTHER, null, false, null, null))
                .isInstanceOfSatisfying(HandlingRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOTE));
        assertThatThrownBy(() -> new NoteInput(null, "a\u0000b", PurposeCategory.OTHER, null, false, null, null))
                .isInstanceOfSatisfying(HandlingRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOTE));
        assertThatThrownBy(() -> new NoteInput(null, null, PurposeCategory.OTHER, "x".repeat(1001), false, null, null))
                .isInstanceOfSatisfying(HandlingRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOTE));
        assertThatThrownBy(() -> new NoteInput(null, null, PurposeCategory.OTHER, null, true, null, null))
                .isInstanceOfSatisfying(HandlingRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.NUMBER));
        assertThatThrownBy(() -> new NoteInput(null, null, PurposeCategory.OTHER, null, true, "call me maybe", null))
                .isInstanceOfSatisfying(HandlingRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.NUMBER));
        // line breaks are fine in the text, not elsewhere
        assertThat(new NoteInput(null, null, PurposeCategory.OTHER, "一行目\r\n二行目", false, null, null).text())
                .isEqualTo("一行目\n二行目");
        Instant farAway = data.clock.instant().plus(Duration.ofDays(400));
        assertThatThrownBy(() -> notes.add(hanako, call, note(true, farAway)))
                .isInstanceOfSatisfying(HandlingRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.DUE));
        assertThat(notes.notes(hanako, call).orElseThrow()).isEmpty();
    }

    @Test
    void aNoteAskingForACallbackMakesATaskForTheCallsAssignee() {
        work.assign(hanako, call, 0, "user:jiro").orElseThrow();
        Instant due = data.clock.instant().plus(Duration.ofHours(2));
        UUID noteId = notes.add(hanako, call, note(true, due)).orElseThrow();

        ShownCallback task = callbacks.ofCall(hanako, call).orElseThrow().getFirst();
        assertThat(task.noteId()).isEqualTo(noteId);
        assertThat(task.assignee()).isEqualTo("user:jiro");
        assertThat(task.number()).isEqualTo("09087654321");
        assertThat(task.dueAt()).isEqualTo(due);
        assertThat(callbacks.ofCall(jiro, call).orElseThrow().getFirst().number()).doesNotContain("8765");
        assertThat(audit("callback.create")).hasSize(1);
        assertThat(audit("callback.read.unredacted")).extracting(AuditEvent::actor).containsExactly("user:hanako");
        assertThat(audit("callback.read")).extracting(AuditEvent::actor).containsExactly("user:jiro");
        byte[] stored = data.jdbc.sql("select number from call_callbacks where id = ?").param(task.id()).query(byte[].class).single();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("8765");
    }

    @Test
    void openCallbacksComeOverdueFirstAndCountForTheDashboard() {
        Instant now = data.clock.instant();
        UUID later = callbacks.create(hanako, call, "03-1111-2222", now.plus(Duration.ofHours(5)), "user:jiro").orElseThrow();
        UUID overdue = callbacks.create(hanako, call, "03-3333-4444", now.plus(Duration.ofMinutes(10)), null).orElseThrow();
        UUID otherCall = closedCall(other);
        callbacks.create(outsider, otherCall, "03-5555-6666", now.plus(Duration.ofMinutes(1)), null).orElseThrow();
        data.clock.advance(Duration.ofMinutes(30));
        Instant then = data.clock.instant();

        assertThat(callbacks.open(hanako, null, false, then.plus(Duration.ofDays(1)), 100))
                .extracting(ShownCallback::id).containsExactly(overdue, later);
        assertThat(callbacks.open(hanako, null, true, then.plus(Duration.ofDays(1)), 100))
                .extracting(ShownCallback::id).containsExactly(overdue);
        assertThat(callbacks.open(jiro, tenant, true, then.plus(Duration.ofDays(1)), 100))
                .extracting(ShownCallback::id).containsExactly(later);
        assertThat(callbacks.overdueCount(hanako, tenant, then)).isEqualTo(1);
        assertThat(callbacks.overdueCount(outsider, tenant, then)).isZero();
        assertThat(callbacks.open(outsider, tenant, false, then.plus(Duration.ofDays(1)), 100)).isEmpty();

        ShownCallback task = callbacks.ofCall(hanako, call).orElseThrow().getFirst();
        ShownCallback done = callbacks.markDone(jiro, overdue, task.version(), true).orElseThrow();
        assertThat(done.doneBy()).isEqualTo("user:jiro");
        assertThatThrownBy(() -> callbacks.markDone(hanako, overdue, task.version(), false))
                .isInstanceOfSatisfying(HandlingRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.STALE));
        assertThat(callbacks.overdueCount(hanako, tenant, then)).isZero();
        assertThat(callbacks.markDone(outsider, overdue, done.version(), false)).isEmpty();
        assertThat(audit("callback.done")).extracting(AuditEvent::result).containsExactly(AuditEvent.OK);
        assertThat(audit("callback.reopen")).extracting(AuditEvent::result).containsExactly("stale", AuditEvent.DENIED);
        assertThatThrownBy(() -> callbacks.create(hanako, call, "not a number", then, null))
                .isInstanceOfSatisfying(HandlingRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.NUMBER));
        assertThatThrownBy(() -> callbacks.assign(hanako, later, 0, "user:mallory"))
                .isInstanceOfSatisfying(HandlingRefused.class, e -> assertThat(e.reason()).isEqualTo(Reason.ASSIGNEE));
    }
}
