package jp.uketsuke.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.calls.internal.JdbcCallHistory;
import jp.uketsuke.calls.internal.JdbcCallJournal;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.config.Database;
import jp.uketsuke.identity.Viewer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The call list's query (F7) on H2 and PostgreSQL: each filter, filters together, keyset pages, cursors, search. */
@ParameterizedClass
@EnumSource(Database.class)
class CallListQueryTest {

    static final Set<String> CATEGORIES = Set.of("INQUIRY", "APPOINTMENT", "CALLBACK", "COMPLAINT", "SALES", "MESSAGE",
            "OTHER");

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

    @BeforeEach
    void start() {
        data = DataFixture.start(database, dataDir);
        journal = data.journal("node-1");
        history = data.history();
        tenant = data.tenants.create("山田歯科", "ja");
        otherTenant = data.tenants.create("Other", "ja");
        staff = new Viewer("user:hanako", Set.of(tenant, otherTenant), Set.of("calls:read"), "192.0.2.10");
    }

    @AfterEach
    void stop() throws Exception {
        data.close();
    }

    /** A closed call at the instant, with handling status, assignee, tags and a summary's category as given. */
    UUID call(UUID tenantId, String caller, Instant at, CallOutcome outcome, CallStatus status, String assignee,
              String category, String... tags) {
        UUID id = journal.open(tenantId, caller, "0500000000", at);
        if (outcome != CallOutcome.IN_PROGRESS) {
            journal.close(id, at.plusSeconds(30), outcome);
        }
        data.jdbc.sql("update calls set status = ?, assignee = ? where id = ?").params(status.name(), assignee, id).update();
        for (String tag : tags) {
            data.jdbc.sql("insert into call_tags (call_id, tenant_id, tag, started_at) values (?, ?, ?, ?)")
                    .params(id, tenantId, tag, java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC)).update();
        }
        if (category != null) {
            data.jdbc.sql("insert into call_summaries (call_id, tenant_id, method, summary, created_at, category) values (?, ?, 'OFFLINE', ?, ?, ?)")
                    .params(id, tenantId, new byte[] {1}, java.time.OffsetDateTime.now(), category).update();
        }
        return id;
    }

    List<UUID> ids(CallListRequest request) {
        return ids(request, 50);
    }

    List<UUID> ids(CallListRequest request, int limit) {
        return history.query(staff, request.toQuery(tenant, staff.actor(), CATEGORIES, limit)).calls().stream()
                .map(c -> c.call().id()).toList();
    }

    static CallListRequest filter(String name, String value) {
        return new CallListRequest(name.equals("from") ? value : null, name.equals("to") ? value : null,
                name.equals("status") ? value : null, name.equals("outcome") ? value : null,
                name.equals("category") ? value : null, name.equals("tag") ? value : null,
                name.equals("blocked") ? value : null, name.equals("mine") ? value : null,
                name.equals("caller") ? value : null, name.equals("callerRef") ? value : null,
                name.equals("cursor") ? value : null);
    }

    @Test
    void eachFilterNarrowsTheListAndTheRowsSayWhatEachCallWasAbout() {
        Instant day1 = Instant.parse("2026-03-31T15:30:00Z"); // 2026-04-01 00:30 in Japan
        Instant day2 = Instant.parse("2026-04-01T23:00:00Z"); // 2026-04-02 08:00 in Japan
        UUID message = call(tenant, "09011110001", day1, CallOutcome.MESSAGE_TAKEN, CallStatus.OPEN, null, "CALLBACK", "VIP");
        UUID faq = call(tenant, "09011110002", day1.plusSeconds(60), CallOutcome.FAQ_ANSWERED, CallStatus.DONE, "user:hanako", "INQUIRY");
        UUID blocked = call(tenant, "0312345678", day2, CallOutcome.BLOCKED, CallStatus.DONE, null, "SALES", "営業", "VIP");
        UUID mine = call(tenant, "anonymous", day2.plusSeconds(60), CallOutcome.TRANSFERRED, CallStatus.IN_PROGRESS, "user:hanako", null);
        UUID live = call(tenant, "09011110001", day2.plusSeconds(120), CallOutcome.IN_PROGRESS, CallStatus.OPEN, null, null);
        call(otherTenant, "09011110001", day2, CallOutcome.MESSAGE_TAKEN, CallStatus.OPEN, "user:hanako", "CALLBACK", "VIP");

        assertThat(ids(CallListRequest.none())).containsExactly(live, mine, blocked, faq, message);
        assertThat(ids(filter("from", "2026-04-02"))).containsExactly(live, mine, blocked);
        assertThat(ids(filter("to", "2026-04-01"))).containsExactly(faq, message);
        assertThat(ids(filter("status", "OPEN"))).containsExactly(live, message);
        assertThat(ids(filter("outcome", "FAQ_ANSWERED"))).containsExactly(faq);
        assertThat(ids(filter("outcome", "IN_PROGRESS"))).containsExactly(live);
        assertThat(ids(filter("category", "CALLBACK"))).containsExactly(message);
        assertThat(ids(filter("tag", "VIP"))).containsExactly(blocked, message);
        assertThat(ids(filter("tag", "営業"))).containsExactly(blocked);
        assertThat(ids(filter("blocked", "only"))).containsExactly(blocked);
        assertThat(ids(filter("blocked", "hide"))).containsExactly(live, mine, faq, message);
        assertThat(ids(filter("mine", "1"))).containsExactly(mine, faq);
        assertThat(ids(filter("caller", "090-1111-0001"))).containsExactly(live, message);

        ListedCall row = history.query(staff, filter("tag", "VIP").toQuery(tenant, staff.actor(), CATEGORIES, 50))
                .calls().getLast();
        assertThat(row.call().callerMasked()).isEqualTo("090-****-0001");
        assertThat(row.call().outcome()).isEqualTo(CallOutcome.MESSAGE_TAKEN);
        assertThat(row.status()).isEqualTo(CallStatus.OPEN);
        assertThat(row.category()).isEqualTo("CALLBACK");
        assertThat(row.tags()).containsExactly("VIP");
        ListedCall blockedRow = history.query(staff, filter("tag", "営業").toQuery(tenant, staff.actor(), CATEGORIES, 50))
                .calls().getFirst();
        assertThat(blockedRow.tags()).containsExactly("VIP", "営業");
    }

    @Test
    void filtersTogetherMustAllHold() {
        Instant t = Instant.parse("2026-04-01T01:00:00Z");
        UUID wanted = call(tenant, "09011110001", t, CallOutcome.MESSAGE_TAKEN, CallStatus.OPEN, "user:hanako", "CALLBACK", "VIP");
        call(tenant, "09011110001", t.plusSeconds(1), CallOutcome.MESSAGE_TAKEN, CallStatus.DONE, "user:hanako", "CALLBACK", "VIP");
        call(tenant, "09011110001", t.plusSeconds(2), CallOutcome.MESSAGE_TAKEN, CallStatus.OPEN, null, "CALLBACK", "VIP");
        call(tenant, "09011110001", t.plusSeconds(3), CallOutcome.MESSAGE_TAKEN, CallStatus.OPEN, "user:hanako", "INQUIRY", "VIP");
        call(tenant, "09011110001", t.plusSeconds(4), CallOutcome.MESSAGE_TAKEN, CallStatus.OPEN, "user:hanako", "CALLBACK");
        call(tenant, "09022220002", t.plusSeconds(5), CallOutcome.MESSAGE_TAKEN, CallStatus.OPEN, "user:hanako", "CALLBACK", "VIP");
        call(tenant, "09011110001", t.plusSeconds(6), CallOutcome.FAQ_ANSWERED, CallStatus.OPEN, "user:hanako", "CALLBACK", "VIP");
        call(tenant, "09011110001", Instant.parse("2026-04-05T01:00:00Z"), CallOutcome.MESSAGE_TAKEN, CallStatus.OPEN,
                "user:hanako", "CALLBACK", "VIP");

        assertThat(ids(new CallListRequest("2026-04-01", "2026-04-01", "OPEN", "MESSAGE_TAKEN", "CALLBACK", "VIP", "hide",
                "true", "+81 90 1111 0001", null, null))).containsExactly(wanted);
    }

    @Test
    void keysetPagesWalkCallsOfTheSameInstantWithoutLosingOrRepeatingAny() {
        Instant same = Instant.parse("2026-04-01T01:00:00Z");
        List<UUID> all = new ArrayList<>();
        all.add(call(tenant, "09011110001", same.plusSeconds(1), CallOutcome.COMPLETED, CallStatus.OPEN, null, null));
        for (int i = 0; i < 7; i++) {
            all.add(call(tenant, "09011110001", same, CallOutcome.COMPLETED, CallStatus.OPEN, null, null));
        }
        all.add(call(tenant, "09011110001", same.minusSeconds(1), CallOutcome.COMPLETED, CallStatus.OPEN, null, null));

        List<UUID> walked = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            CallPage page = history.query(staff, filter("cursor", cursor).toQuery(tenant, staff.actor(), CATEGORIES, 3));
            walked.addAll(page.calls().stream().map(c -> c.call().id()).toList());
            cursor = page.next();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(walked).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
        assertThat(walked.getFirst()).isEqualTo(all.getFirst());
        assertThat(walked.getLast()).isEqualTo(all.getLast());
    }

    @Test
    void aTagFilterPagesByKeysetWithoutLosingOrRepeatingCallsOfTheSameInstant() {
        Instant same = Instant.parse("2026-04-01T01:00:00Z");
        List<UUID> tagged = new ArrayList<>();
        tagged.add(call(tenant, "09011110001", same.plusSeconds(1), CallOutcome.COMPLETED, CallStatus.OPEN, null, null, "VIP"));
        for (int i = 0; i < 5; i++) {
            tagged.add(call(tenant, "09011110001", same, CallOutcome.COMPLETED, CallStatus.OPEN, null, null, "VIP"));
            call(tenant, "09011110001", same, CallOutcome.COMPLETED, CallStatus.OPEN, null, null, "other");
        }
        tagged.add(call(tenant, "09011110001", same.minusSeconds(1), CallOutcome.COMPLETED, CallStatus.DONE, null, null, "VIP"));
        call(otherTenant, "09011110001", same, CallOutcome.COMPLETED, CallStatus.OPEN, null, null, "VIP");

        List<UUID> walked = new ArrayList<>();
        String cursor = null;
        do {
            CallPage page = history.query(staff, new CallListRequest(null, null, null, null, null, "VIP", null, null,
                    null, null, cursor).toQuery(tenant, staff.actor(), CATEGORIES, 2));
            walked.addAll(page.calls().stream().map(c -> c.call().id()).toList());
            cursor = page.next();
        } while (cursor != null);

        assertThat(walked).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(tagged);
        assertThat(walked.getFirst()).isEqualTo(tagged.getFirst());
        assertThat(walked.getLast()).isEqualTo(tagged.getLast());
        // the tag with other filters and days: all must hold
        assertThat(ids(new CallListRequest("2026-04-01", "2026-04-01", "DONE", null, null, "VIP", null, null, null,
                null, null))).containsExactly(tagged.getLast());
    }

    @Test
    void anAlteredCursorOrOneOfAnotherTenantIsRefused() {
        Instant t = Instant.parse("2026-04-01T01:00:00Z");
        for (int i = 0; i < 3; i++) {
            call(tenant, "09011110001", t.plusSeconds(i), CallOutcome.COMPLETED, CallStatus.OPEN, null, null);
            call(otherTenant, "09011110001", t.plusSeconds(i), CallOutcome.COMPLETED, CallStatus.OPEN, null, null);
        }
        String next = history.query(staff, CallQuery.all(tenant, 1)).next();
        assertThat(next).isNotNull();
        assertThat(ids(filter("cursor", next), 1)).hasSize(1);

        byte[] raw = Base64.getUrlDecoder().decode(next);
        raw[3] ^= 1; // another instant, same tag
        String moved = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        assertThatThrownBy(() -> ids(filter("cursor", moved), 1)).isInstanceOf(InvalidCallQueryException.class)
                .extracting(e -> ((InvalidCallQueryException) e).field()).isEqualTo("cursor");

        String theirs = history.query(staff, CallQuery.all(otherTenant, 1)).next();
        assertThatThrownBy(() -> ids(filter("cursor", theirs), 1)).isInstanceOf(InvalidCallQueryException.class);
        for (String bad : new String[] {"x", "' or 1=1 --", next + "A", next.substring(1), "%00", "A".repeat(54),
                "_".repeat(101)}) {
            assertThatThrownBy(() -> ids(filter("cursor", bad), 1)).as(bad).isInstanceOf(InvalidCallQueryException.class);
        }
    }

    @Test
    void aCallerIsFoundWhateverFormTheNumberIsWrittenIn() {
        Instant t = Instant.parse("2026-04-01T01:00:00Z");
        UUID mobile = call(tenant, "sip:+819012345678@trunk.example;user=phone", t, CallOutcome.COMPLETED, CallStatus.OPEN, null, null);
        UUID fixed = call(tenant, "0312345678", t.plusSeconds(1), CallOutcome.COMPLETED, CallStatus.OPEN, null, null);
        call(otherTenant, "09012345678", t, CallOutcome.COMPLETED, CallStatus.OPEN, null, null);

        for (String form : new String[] {"09012345678", "090-1234-5678", "+81 90 1234 5678", "０９０－１２３４－５６７８",
                "(090) 1234 5678", "tel:+81-90-1234-5678"}) {
            assertThat(ids(filter("caller", form))).as(form).containsExactly(mobile);
        }
        assertThat(ids(filter("caller", "03-1234-5678"))).containsExactly(fixed);
        assertThat(ids(filter("caller", "09099999999"))).isEmpty();
        // the number itself is never in the operation log
        assertThat(data.jdbc.sql("select action, target from audit_events").query((rs, n) -> rs.getString(1) + rs.getString(2)).list())
                .contains("call.searchtenant:" + tenant).noneMatch(a -> a.contains("1234"));
    }

    @Test
    void aCallerReferenceFindsTheNumbersCallsInItsTenantAndNothingInAnother() {
        Instant t = Instant.parse("2026-04-01T01:00:00Z");
        UUID mine = call(tenant, "090-1234-5678", t, CallOutcome.COMPLETED, CallStatus.OPEN, null, null);
        call(tenant, "0312345678", t.plusSeconds(1), CallOutcome.COMPLETED, CallStatus.OPEN, null, null);
        UUID theirs = call(otherTenant, "09012345678", t, CallOutcome.COMPLETED, CallStatus.OPEN, null, null);

        String reference = history.callerReference(staff, tenant, "+81 90-1234-5678").orElseThrow();
        assertThat(reference).matches("[0-9a-f]{64}").doesNotContain("1234").doesNotContain("5678");
        assertThat(ids(filter("callerRef", reference))).containsExactly(mine);
        // the same number's reference in the other tenant is another value, and each finds nothing in the other
        String theirReference = history.callerReference(staff, otherTenant, "09012345678").orElseThrow();
        assertThat(theirReference).isNotEqualTo(reference);
        assertThat(ids(filter("callerRef", theirReference))).isEmpty();
        assertThat(history.query(staff, filter("callerRef", reference).toQuery(otherTenant, staff.actor(), CATEGORIES, 50))
                .calls()).extracting(c -> c.call().id()).doesNotContain(theirs).isEmpty();
        // audited as a search, and neither the number nor its reference is in the operation log
        assertThat(data.jdbc.sql("select action, target from audit_events").query((rs, n) -> rs.getString(1) + rs.getString(2)).list())
                .contains("call.searchtenant:" + tenant).noneMatch(a -> a.contains("1234") || a.contains(reference));
        // no reference for a tenant the viewer may not read, and none for what is not a number
        Viewer outsider = new Viewer("user:mallory", Set.of(otherTenant), Set.of("calls:read"), "192.0.2.66");
        assertThat(history.callerReference(outsider, tenant, "09012345678")).isEmpty();
        assertThatThrownBy(() -> history.callerReference(staff, tenant, "not a number"))
                .isInstanceOf(InvalidCallQueryException.class);
    }

    @Test
    void aViewerWithoutTheTenantGetsNothingAndTheAttemptIsAudited() {
        call(tenant, "09011110001", Instant.parse("2026-04-01T01:00:00Z"), CallOutcome.COMPLETED, CallStatus.OPEN, null, null);
        Viewer outsider = new Viewer("user:mallory", Set.of(otherTenant), Set.of("calls:read"), "192.0.2.66");
        Viewer noPermission = new Viewer("user:rec", Set.of(tenant), Set.of("recordings:play"), "192.0.2.67");

        assertThat(history.query(outsider, CallQuery.all(tenant, 10)).calls()).isEmpty();
        assertThat(history.query(noPermission, CallQuery.all(tenant, 10)).calls()).isEmpty();
        assertThat(history.figures(outsider, tenant, LocalDate.of(2026, 4, 1))).isEmpty();
        assertThat(data.jdbc.sql("select actor, action, result from audit_events order by seq")
                .query((rs, n) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3)).list())
                .contains("user:mallory call.list denied", "user:rec call.list denied", "user:mallory call.figures denied");
    }

    @Test
    void theDashboardCountsTheDayInJapanAndCallsPerHourForAWeek() {
        LocalDate day = LocalDate.of(2026, 4, 1);
        Instant dayStart = Instant.parse("2026-03-31T15:00:00Z");
        call(tenant, "09011110001", dayStart, CallOutcome.FAQ_ANSWERED, CallStatus.DONE, null, null);
        call(tenant, "09011110001", dayStart.plusSeconds(60), CallOutcome.FAQ_ANSWERED, CallStatus.DONE, null, null);
        call(tenant, "09011110001", dayStart.plus(Duration.ofHours(10)), CallOutcome.BLOCKED, CallStatus.DONE, null, null);
        call(tenant, "09011110001", dayStart.plus(Duration.ofHours(11)), CallOutcome.MESSAGE_TAKEN, CallStatus.OPEN, null, null);
        call(tenant, "09011110001", dayStart.plus(Duration.ofHours(12)), CallOutcome.IN_PROGRESS, CallStatus.OPEN, null, null);
        // a waiting message of an earlier day, one taken up already, one just before the day, one of another tenant
        call(tenant, "09011110001", dayStart.minus(Duration.ofDays(3)), CallOutcome.MESSAGE_TAKEN, CallStatus.OPEN, null, null);
        call(tenant, "09011110001", dayStart.minus(Duration.ofDays(2)), CallOutcome.MESSAGE_TAKEN, CallStatus.DONE, null, null);
        call(tenant, "09011110001", dayStart.minusSeconds(1), CallOutcome.COMPLETED, CallStatus.DONE, null, null);
        call(otherTenant, "09011110001", dayStart, CallOutcome.MESSAGE_TAKEN, CallStatus.OPEN, null, null);

        CallFigures f = history.figures(staff, tenant, day).orElseThrow();

        assertThat(f.calls()).isEqualTo(5);
        assertThat(f.faqAnswered()).isEqualTo(2);
        assertThat(f.blocked()).isEqualTo(1);
        assertThat(f.inProgress()).isEqualTo(1);
        assertThat(f.messagesWaiting()).isEqualTo(2);
        assertThat(f.hourlyFrom()).isEqualTo(dayStart.minus(Duration.ofDays(6)));
        int today = 6 * 24;
        assertThat(f.hourly().get(today)).isEqualTo(2);
        assertThat(f.hourly().get(today + 10)).isEqualTo(1);
        assertThat(f.hourly().get(today - 1)).isEqualTo(1);
        assertThat(f.hourly().get(today - 3 * 24)).isEqualTo(1);
        assertThat(f.hourly().stream().mapToInt(Integer::intValue).sum()).isEqualTo(8);
    }
}
