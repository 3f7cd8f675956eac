package jp.uketsuke.incidents.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.config.Database;
import jp.uketsuke.identity.AccountContainment;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.incidents.Incident;
import jp.uketsuke.incidents.IncidentKind;
import jp.uketsuke.incidents.IncidentRefused;
import jp.uketsuke.incidents.IncidentRefused.Reason;
import jp.uketsuke.incidents.IncidentState;
import jp.uketsuke.incidents.IncidentStep;
import jp.uketsuke.incidents.Incidents;
import jp.uketsuke.notify.DestinationContainment;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Incidents stored on H2 and PostgreSQL: the words sealed with the tenant's key, every step one timeline row and one
 * audited event, closed incidents read-only, other tenants' incidents not found. Containment, which acts on accounts,
 * is proved against the running server (IncidentsConsoleTest).
 */
@ParameterizedClass
@EnumSource(Database.class)
class JdbcIncidentsTest {

    private static final String KNOWN = "田中様 (090-1234-5678) の通話記録が誤って鈴木様に送信された";

    /** Containment is not part of what is proved here; any use of it fails the test. */
    private static final AccountContainment NO_ACCOUNTS = new AccountContainment() {
        public Optional<Account> account(String username) {
            throw new AssertionError("no containment in a storage test");
        }

        public boolean suspend(String username) {
            throw new AssertionError();
        }

        public boolean reinstate(String username) {
            throw new AssertionError();
        }

        public int endSessions(String username) {
            throw new AssertionError();
        }
    };

    private static final DestinationContainment NO_DESTINATIONS = new DestinationContainment() {
        public List<DestinationRef> of(UUID tenantId) {
            throw new AssertionError("no containment in a storage test");
        }

        public boolean setEnabled(UUID tenantId, UUID destinationId, boolean enabled, String actor) {
            throw new AssertionError();
        }
    };

    @Parameter
    Database database;
    @TempDir
    Path dataDir;
    DataFixture data;
    JdbcIncidents incidents;
    UUID tenant;
    UUID other;
    Viewer officer;
    Viewer otherOfficer;
    Viewer reader;

    @BeforeEach
    void start() {
        data = DataFixture.start(database, dataDir);
        data.clock.advance(Duration.between(data.clock.instant(), Instant.parse("2026-12-07T06:30:00Z")));
        incidents = new JdbcIncidents(data.jdbc, data.vault, data.audit, NO_ACCOUNTS, NO_DESTINATIONS, data.clock);
        tenant = data.tenants.create("ミナト歯科", "ja");
        other = data.tenants.create("Other", "ja");
        officer = new Viewer("user:officer", Set.of(tenant), Set.of(Permissions.INCIDENTS_MANAGE), "192.0.2.1", true);
        otherOfficer = new Viewer("user:other", Set.of(other), Set.of(Permissions.INCIDENTS_MANAGE), "192.0.2.2", true);
        reader = new Viewer("user:reader", Set.of(tenant), Set.of(Permissions.AUDIT_READ), "192.0.2.3", true);
    }

    @AfterEach
    void stop() throws Exception {
        data.close();
    }

    private Incident openOne() {
        return incidents.open(officer, tenant, IncidentKind.MISDELIVERY, "通知メールの誤送信", "  " + KNOWN + "\n",
                false, Instant.parse("2026-12-06T01:00:00Z"));
    }

    @Test
    void anIncidentIsStoredWithWhatIsKnownSealedAndItsOpeningOnTheTimelineAndInTheLog() {
        Incident opened = openOne();

        assertThat(opened.state()).isEqualTo(IncidentState.OPEN);
        assertThat(opened.known()).isEqualTo(KNOWN);
        assertThat(opened.handler()).isEqualTo("user:officer");
        assertThat(opened.kind()).isEqualTo(IncidentKind.MISDELIVERY);
        assertThat(opened.awareAt()).isEqualTo(Instant.parse("2026-12-06T01:00:00Z"));
        byte[] stored = data.jdbc.sql("select known from incidents where id = ?").param(opened.id()).query(byte[].class).single();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("090").doesNotContain("1234");
        assertThat(new String(stored, StandardCharsets.UTF_8)).doesNotContain("田中");
        assertThat(incidents.timeline(officer, opened.id())).extracting(IncidentStep::kind).containsExactly(IncidentStep.Kind.OPENED);
        assertThat(events("incident.open")).containsExactly("user:officer ok incident:" + opened.id());
    }

    @Test
    void everyStepIsOneTimelineRowAndOneAuditedEventUntilClosedAndThenNothingChanges() {
        Incident opened = openOne();
        incidents.addNote(officer, opened.id(), "ログを確認中 (鈴木様へ連絡済み)");
        incidents.markContained(officer, opened.id());
        refused(() -> incidents.markContained(officer, opened.id()), Reason.WRONG_STATE);
        incidents.close(officer, opened.id(), "宛先の選択ミス", "送信前の宛先確認を二人で行う");

        Incident closed = incidents.find(officer, opened.id());
        assertThat(closed.state()).isEqualTo(IncidentState.CLOSED);
        assertThat(closed.cause()).isEqualTo("宛先の選択ミス");
        assertThat(closed.prevention()).isEqualTo("送信前の宛先確認を二人で行う");
        assertThat(closed.closedAt()).isEqualTo(data.clock.instant());
        List<IncidentStep> steps = incidents.timeline(officer, opened.id());
        assertThat(steps).extracting(IncidentStep::kind).containsExactly(IncidentStep.Kind.OPENED, IncidentStep.Kind.NOTE,
                IncidentStep.Kind.CONTAINED, IncidentStep.Kind.CLOSED);
        assertThat(steps).extracting(IncidentStep::seq).containsExactly(1, 2, 3, 4);
        assertThat(steps.get(1).note()).isEqualTo("ログを確認中 (鈴木様へ連絡済み)");
        byte[] note = data.jdbc.sql("select note from incident_steps where step = 'NOTE'").query(byte[].class).single();
        assertThat(new String(note, StandardCharsets.UTF_8)).doesNotContain("鈴木");
        assertThat(events("incident.note")).containsExactly("user:officer ok incident:" + opened.id());
        assertThat(events("incident.contained")).containsExactly("user:officer ok incident:" + opened.id(),
                "user:officer denied incident:" + opened.id());
        assertThat(events("incident.close")).containsExactly("user:officer ok incident:" + opened.id());

        refused(() -> incidents.addNote(officer, opened.id(), "more"), Reason.CLOSED);
        refused(() -> incidents.close(officer, opened.id(), "a", "b"), Reason.CLOSED);
        assertThat(incidents.timeline(officer, opened.id())).hasSize(4);
    }

    @Test
    void anotherTenantsIncidentIsNotFoundAndTheRefusalIsLogged() {
        Incident opened = openOne();

        refused(() -> incidents.find(otherOfficer, opened.id()), Reason.NOT_FOUND);
        refused(() -> incidents.addNote(otherOfficer, opened.id(), "x"), Reason.NOT_FOUND);
        refused(() -> incidents.find(reader, opened.id()), Reason.NOT_FOUND);
        refused(() -> incidents.find(officer, UUID.randomUUID()), Reason.NOT_FOUND);
        refused(() -> incidents.open(otherOfficer, tenant, IncidentKind.OTHER, "t", "k", false, data.clock.instant()),
                Reason.NOT_FOUND);
        assertThat(incidents.list(otherOfficer)).isEmpty();
        assertThat(incidents.list(reader)).isEmpty();
        assertThat(incidents.list(officer)).extracting(Incident::id).containsExactly(opened.id());
        assertThat(incidents.list(officer).getFirst().known()).as("the list opens nothing sealed").isNull();
        assertThat(events("incident.note")).containsExactly("user:other not_found incident:" + opened.id());
    }

    @Test
    void emptyOverlongAndControlCharacterTextAndAFutureAwarenessAreRefused() {
        Instant now = data.clock.instant();
        for (String title : new String[] {"", "   ", "x".repeat(Incidents.MAX_TITLE + 1), "two\nlines", "bell\u0007"}) {
            refused(() -> incidents.open(officer, tenant, IncidentKind.OTHER, title, "k", false, now), Reason.BAD_INPUT);
        }
        refused(() -> incidents.open(officer, tenant, IncidentKind.OTHER, "t", "k".repeat(Incidents.MAX_TEXT + 1), false, now),
                Reason.BAD_INPUT);
        refused(() -> incidents.open(officer, tenant, IncidentKind.OTHER, "t", "k", false, now.plusSeconds(60)), Reason.BAD_INPUT);
        refused(() -> incidents.open(officer, tenant, null, "t", "k", false, now), Reason.BAD_INPUT);
        Incident opened = openOne();
        refused(() -> incidents.addNote(officer, opened.id(), "n".repeat(Incidents.MAX_NOTE + 1)), Reason.BAD_INPUT);
        refused(() -> incidents.close(officer, opened.id(), "", "p"), Reason.BAD_INPUT);
        assertThat(data.jdbc.sql("select count(*) from incidents").query(Integer.class).single()).isEqualTo(1);
        assertThat(incidents.find(officer, opened.id()).state()).isEqualTo(IncidentState.OPEN);
    }

    @Test
    void theUnlawfulPurposeFlagGivesSixtyDaysForTheFinalReport() {
        Incident incident = incidents.open(officer, tenant, IncidentKind.UNAUTHORISED_ACCESS, "不正ログイン", "k", true,
                Instant.parse("2026-12-01T00:00:00Z"));

        assertThat(incidents.find(officer, incident.id()).deadlines().finalBy()).isEqualTo(java.time.LocalDate.of(2027, 1, 30));
    }

    private void refused(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(IncidentRefused.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private List<String> events(String action) {
        return data.jdbc.sql("select actor, result, target from audit_events where action = ? order by seq")
                .param(action).query((rs, n) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3)).list();
    }
}
