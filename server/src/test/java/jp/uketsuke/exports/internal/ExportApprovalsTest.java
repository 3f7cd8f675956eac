package jp.uketsuke.exports.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.config.Database;
import jp.uketsuke.exports.ExportApprovals;
import jp.uketsuke.exports.ExportRefused;
import jp.uketsuke.exports.ExportRefused.Reason;
import jp.uketsuke.exports.ExportRequest;
import jp.uketsuke.exports.ExportState;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Four-eyes exports on H2 and PostgreSQL: who may do which step, once, in time; the reason sealed; every step audited. */
@ParameterizedClass
@EnumSource(Database.class)
class ExportApprovalsTest {

    private static final String REASON = "税理士への提出 (田中様の件) 090-1234-5678";

    @Parameter
    Database database;
    @TempDir
    Path dataDir;
    DataFixture data;
    JdbcExportApprovals approvals;
    UUID tenant;
    UUID other;
    Viewer tanaka;
    Viewer suzuki;
    Viewer outsider;
    Viewer manager;
    Viewer reader;
    Instant from;
    Instant to;

    @BeforeEach
    void start() {
        data = DataFixture.start(database, dataDir);
        data.clock.advance(Duration.between(data.clock.instant(), Instant.parse("2026-12-07T06:30:00Z")));
        approvals = new JdbcExportApprovals(data.jdbc, data.vault, data.audit, data.clock);
        tenant = data.tenants.create("ミナト歯科", "ja");
        other = data.tenants.create("Other", "ja");
        tanaka = exporter("user:tanaka", tenant);
        suzuki = exporter("user:suzuki", tenant);
        outsider = exporter("user:outsider", other);
        manager = new Viewer("user:manager", Set.of(tenant), Set.of(Permissions.SETTINGS_MANAGE), "127.0.0.1");
        reader = new Viewer("user:reader", Set.of(tenant), Set.of(Permissions.CALLS_READ), "127.0.0.1");
        from = Instant.parse("2026-11-30T15:00:00Z");
        to = Instant.parse("2026-12-07T15:00:00Z");
    }

    @AfterEach
    void stop() throws Exception {
        data.close();
    }

    private static Viewer exporter(String actor, UUID tenant) {
        return new Viewer(actor, Set.of(tenant), Set.of(Permissions.CALLS_EXPORT, Permissions.CALLS_READ), "192.0.2.10");
    }

    @Test
    void fourEyesIsOffUntilASettingsManagerTurnsItOnAndOnlyThen() {
        assertThat(approvals.fourEyes(tenant)).isFalse();
        approvals.allowDirect(tanaka, tenant);

        refused(() -> approvals.setFourEyes(tanaka, tenant, true), Reason.NOT_FOUND);
        approvals.setFourEyes(manager, tenant, true);
        approvals.setFourEyes(manager, tenant, true); // no change, no second event

        assertThat(approvals.fourEyes(tenant)).isTrue();
        assertThat(approvals.fourEyes(other)).isFalse();
        refused(() -> approvals.allowDirect(tanaka, tenant), Reason.APPROVAL_REQUIRED);
        assertThat(events("settings.export-four-eyes.on")).containsExactly("user:tanaka denied", "user:manager ok");
        assertThat(events("export.direct")).containsExactly("user:tanaka denied");

        approvals.setFourEyes(manager, tenant, false);
        approvals.allowDirect(tanaka, tenant);
    }

    @Test
    void aSecondPersonApprovesAndTheRequesterDownloadsOnce() {
        ExportRequest asked = approvals.request(tanaka, tenant, from, to, 500, "  " + REASON + " ");
        assertThat(asked.state()).isEqualTo(ExportState.REQUESTED);
        assertThat(asked.reason()).isEqualTo(REASON);
        assertThat(asked.requester()).isEqualTo("user:tanaka");

        refused(() -> approvals.claimDownload(tanaka, asked.id()), Reason.NOT_APPROVED);
        refused(() -> approvals.approve(tanaka, asked.id()), Reason.OWN_REQUEST);
        ExportRequest approved = approvals.approve(suzuki, asked.id());
        assertThat(approved.state()).isEqualTo(ExportState.APPROVED);
        assertThat(approved.decidedBy()).isEqualTo("user:suzuki");
        assertThat(approved.downloadExpiresAt()).isEqualTo(data.clock.instant().plus(ExportApprovals.DOWNLOAD_WINDOW));
        refused(() -> approvals.approve(suzuki, asked.id()), Reason.ALREADY_DECIDED);
        refused(() -> approvals.reject(suzuki, asked.id()), Reason.ALREADY_DECIDED);
        refused(() -> approvals.claimDownload(suzuki, asked.id()), Reason.NOT_REQUESTER);

        ExportRequest downloaded = approvals.claimDownload(tanaka, asked.id());
        assertThat(downloaded.state()).isEqualTo(ExportState.DOWNLOADED);
        assertThat(downloaded.from()).isEqualTo(from);
        assertThat(downloaded.to()).isEqualTo(to);
        assertThat(downloaded.maxRows()).isEqualTo(500);
        refused(() -> approvals.claimDownload(tanaka, asked.id()), Reason.ALREADY_DOWNLOADED);

        assertThat(events("export.request")).containsExactly("user:tanaka ok");
        assertThat(events("export.approve")).containsExactly("user:tanaka denied", "user:suzuki ok", "user:suzuki denied");
        assertThat(events("export.download")).containsExactly("user:tanaka denied", "user:suzuki denied", "user:tanaka ok",
                "user:tanaka denied");
    }

    @Test
    void aRejectedRequestIsNeverDownloaded() {
        ExportRequest asked = approvals.request(tanaka, tenant, from, to, 10, REASON);
        refused(() -> approvals.reject(tanaka, asked.id()), Reason.OWN_REQUEST);
        assertThat(approvals.reject(suzuki, asked.id()).state()).isEqualTo(ExportState.REJECTED);
        refused(() -> approvals.approve(suzuki, asked.id()), Reason.ALREADY_DECIDED);
        refused(() -> approvals.claimDownload(tanaka, asked.id()), Reason.REJECTED);
        assertThat(events("export.reject")).containsExactly("user:tanaka denied", "user:suzuki ok");
    }

    @Test
    void requestsAndApprovalsExpire() {
        ExportRequest undecided = approvals.request(tanaka, tenant, from, to, 10, REASON);
        ExportRequest approved = approvals.request(tanaka, tenant, from, to, 10, REASON);
        data.clock.advance(ExportApprovals.DECISION_WINDOW.minusHours(1));
        approvals.approve(suzuki, approved.id());
        data.clock.advance(Duration.ofHours(1));

        refused(() -> approvals.approve(suzuki, undecided.id()), Reason.EXPIRED);
        data.clock.advance(ExportApprovals.DOWNLOAD_WINDOW);
        refused(() -> approvals.claimDownload(tanaka, approved.id()), Reason.EXPIRED);
        assertThat(approvals.requests(tanaka, tenant)).extracting(ExportRequest::state)
                .containsOnly(ExportState.EXPIRED).hasSize(2);
    }

    @Test
    void anotherTenantsRequestIsAbsentAndAReaderWithoutExportSeesNothing() {
        ExportRequest asked = approvals.request(tanaka, tenant, from, to, 10, REASON);

        refused(() -> approvals.approve(outsider, asked.id()), Reason.NOT_FOUND);
        refused(() -> approvals.reject(outsider, asked.id()), Reason.NOT_FOUND);
        refused(() -> approvals.claimDownload(outsider, asked.id()), Reason.NOT_FOUND);
        refused(() -> approvals.approve(reader, asked.id()), Reason.NOT_FOUND);
        refused(() -> approvals.approve(suzuki, UUID.randomUUID()), Reason.NOT_FOUND);
        refused(() -> approvals.requests(outsider, tenant), Reason.NOT_FOUND);
        refused(() -> approvals.request(outsider, tenant, from, to, 10, REASON), Reason.NOT_FOUND);
        refused(() -> approvals.request(reader, tenant, from, to, 10, REASON), Reason.NOT_FOUND);

        assertThat(approvals.requests(outsider, other)).isEmpty();
        assertThat(approvals.requests(suzuki, tenant)).extracting(ExportRequest::id).containsExactly(asked.id());
        assertThat(approvals.requests(suzuki, tenant).getFirst().state()).isEqualTo(ExportState.REQUESTED);
        // every probe is in the tenant's own log, refused
        assertThat(data.jdbc.sql("select result from audit_events where actor = 'user:outsider' and tenant_id = ?")
                .param(tenant).query(String.class).list()).hasSize(5).doesNotContain("ok");
    }

    @Test
    void badPeriodsAndReasonsAreRefusedAndNothingIsStored() {
        for (ThrowingCallable bad : List.<ThrowingCallable>of(
                () -> approvals.request(tanaka, tenant, to, from, 10, REASON),
                () -> approvals.request(tanaka, tenant, from, from, 10, REASON),
                () -> approvals.request(tanaka, tenant, from, from.plus(Duration.ofDays(367)), 10, REASON),
                () -> approvals.request(tanaka, tenant, from, to, 0, REASON),
                () -> approvals.request(tanaka, tenant, from, to, 10_001, REASON),
                () -> approvals.request(tanaka, tenant, null, to, 10, REASON))) {
            assertThatThrownBy(bad).isInstanceOf(IllegalArgumentException.class);
        }
        for (String reason : new String[] {null, "", "   ", "x".repeat(501), "a\u0000b", "bell\u0007"}) {
            refused(() -> approvals.request(tanaka, tenant, from, to, 10, reason), Reason.BAD_REASON);
        }
        assertThat(data.jdbc.sql("select count(*) from export_requests").query(Long.class).single()).isZero();
        assertThat(approvals.request(tanaka, tenant, from, to, 10, "x".repeat(500)).reason()).hasSize(500);
    }

    @Test
    void theReasonIsSealedWithTheTenantKeyAndBoundToItsRequest() throws Exception {
        ExportRequest first = approvals.request(tanaka, tenant, from, to, 10, REASON);
        ExportRequest second = approvals.request(tanaka, tenant, from, to, 10, "別の理由");

        byte[] stored = data.jdbc.sql("select reason from export_requests where id = ?").param(first.id())
                .query(byte[].class).single();
        assertThat(new String(stored, StandardCharsets.UTF_8)).doesNotContain("税理士").doesNotContain("090");
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("090-1234");
        // a reason moved onto another request does not open there
        data.jdbc.sql("update export_requests set reason = ? where id = ?").params(stored, second.id()).update();
        assertThatThrownBy(() -> approvals.requests(tanaka, tenant)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void theDatabaseItselfRefusesAnApprovalByTheRequester() {
        ExportRequest asked = approvals.request(tanaka, tenant, from, to, 10, REASON);
        assertThatThrownBy(() -> data.jdbc.sql("update export_requests set decided_by = requester where id = ?")
                .param(asked.id()).update()).isInstanceOf(RuntimeException.class);
    }

    private static void refused(ThrowingCallable step, Reason reason) {
        assertThatThrownBy(step).isInstanceOfSatisfying(ExportRefused.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    /** "actor result" of the action's events, oldest first. */
    private List<String> events(String action) {
        return data.jdbc.sql("select actor, result from audit_events where action = ? order by seq").param(action)
                .query((rs, n) -> rs.getString(1) + " " + rs.getString(2)).list();
    }
}
