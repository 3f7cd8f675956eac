package jp.uketsuke.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.config.Database;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.notify.internal.mail.EmailChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox end to end on PostgreSQL, with the real e-mail channel and a GreenMail SMTPS server: verification before
 * anything else, the data level of each destination, one delivery per event and destination even with two workers on
 * one database, retries and the dead letter, and e-mail never sent in plain text.
 */
class NotificationDeliveryTest {

    @TempDir
    Path dir;
    private DataFixture data;
    private GreenMail smtps;
    private NotifyFixture notify;
    private UUID tenant;

    @BeforeEach
    void start() throws Exception {
        data = DataFixture.start(Database.POSTGRES, dir);
        smtps = NotifyFixture.smtps(dir);
        notify = new NotifyFixture(data, NotifyFixture.senderTrusting(dir, "smtps", smtps.getSmtps().getPort()));
        tenant = data.tenants.create("Tanaka Dental", "ja-JP");
    }

    @AfterEach
    void stop() throws Exception {
        smtps.stop();
        data.close();
    }

    @Test
    void anUnverifiedDestinationReceivesItsCodeAndNothingElse() throws Exception {
        Viewer viewer = NotifyFixture.manager(tenant, false);
        UUID id = notify.admin.create(viewer, tenant, new DestinationAdministration.Form("EMAIL", "受付係", "SUMMARY",
                "desk@example.test", "", ""));
        notify.ruleAdmin.create(viewer, tenant, new RuleAdministration.Form(id.toString(), List.of(), List.of(), "", "ANY", true));
        notify.closedCall(tenant, CallOutcome.MESSAGE_TAKEN, "09012345678", "折り返しお願いします");
        DeliveryWorker worker = notify.worker("w1");

        worker.round();
        assertThat(smtps.getReceivedMessages()).as("nothing before verification").isEmpty();
        assertThatThrownBy(() -> notify.admin.sendTest(viewer, tenant, id)).isInstanceOf(NotifyRefusal.class);

        notify.admin.sendCode(viewer, tenant, id);
        worker.round();
        assertThat(smtps.getReceivedMessages()).hasSize(1);
        assertThat(smtps.getReceivedMessages()[0].getSubject()).contains("確認コード");
        // the call closed before verification was evaluated then (no usable rule): it is not sent afterwards
        data.clock.advance(Duration.ofMinutes(1));
        worker.round();
        assertThat(smtps.getReceivedMessages()).hasSize(1);
    }

    @Test
    void eachLevelCarriesOnlyWhatItMayAndASummaryNeverAFullNumber() throws Exception {
        DeliveryWorker worker = notify.worker("w1");
        UUID link = notify.verifiedEmail(tenant, "link@example.test", "LINK", smtps, worker);
        UUID summary = notify.verifiedEmail(tenant, "summary@example.test", "SUMMARY", smtps, worker);
        UUID full = notify.verifiedEmail(tenant, "full@example.test", "FULL", smtps, worker);
        Viewer viewer = NotifyFixture.manager(tenant, true);
        for (UUID d : List.of(link, summary, full)) {
            notify.ruleAdmin.create(viewer, tenant, new RuleAdministration.Form(d.toString(),
                    List.of("MESSAGE_TAKEN"), List.of(), "", "ANY", true));
        }
        UUID call = notify.closedCall(tenant, CallOutcome.MESSAGE_TAKEN, "09012345678",
                "山田です。折り返しは 080-9876-5432 にお願いします。カードは 4111 1111 1111 1111 です");
        data.clock.advance(Duration.ofMinutes(1)); // past the wait for a summary

        worker.round();

        String linkBody = NotifyFixture.body(NotifyFixture.noticeOfCall(smtps, "link@example.test", call));
        String summaryBody = NotifyFixture.body(NotifyFixture.noticeOfCall(smtps, "summary@example.test", call));
        String fullBody = NotifyFixture.body(NotifyFixture.noticeOfCall(smtps, "full@example.test", call));
        assertThat(linkBody).contains("伝言を受付").contains("https://console.example.test/calls/" + call)
                .doesNotContain("5678").doesNotContain("山田").doesNotContain("5432");
        assertThat(summaryBody.replaceAll("[^0-9]", " ")).doesNotContain("09012345678").doesNotContain("08098765432")
                .doesNotContain("4111111111111111");
        assertThat(summaryBody).doesNotContain("9876-5432").doesNotContain("4111 1111 1111 1111")
                .contains("https://console.example.test/calls/" + call);
        assertThat(fullBody).contains("080-9876-5432").contains("お客様: 山田です");
    }

    @Test
    void twoWorkersOnOneDatabaseSendEveryNoticeExactlyOnce() throws Exception {
        DeliveryWorker first = notify.worker("node-a");
        DeliveryWorker second = notify.worker("node-b");
        UUID d = notify.verifiedEmail(tenant, "desk@example.test", "LINK", smtps, first);
        notify.ruleAdmin.create(NotifyFixture.manager(tenant, false), tenant,
                new RuleAdministration.Form(d.toString(), List.of(), List.of(), "", "ANY", true));
        int before = smtps.getReceivedMessages().length;
        int calls = 40;
        for (int i = 0; i < calls; i++) {
            notify.closedCall(tenant, CallOutcome.FAQ_ANSWERED, "0312345678", "駐車場はありますか");
        }
        data.clock.advance(Duration.ofMinutes(1));

        try (ExecutorService both = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < 6; round++) {
                List<Future<Integer>> sent = new ArrayList<>();
                for (DeliveryWorker w : List.of(first, second)) {
                    sent.add(both.submit((Callable<Integer>) w::round));
                }
                for (Future<Integer> f : sent) {
                    f.get();
                }
            }
        }

        MimeMessage[] received = smtps.getReceivedMessages();
        Set<String> ids = new HashSet<>();
        for (int i = before; i < received.length; i++) {
            assertThat(ids.add(received[i].getMessageID())).as("Message-ID sent once: " + received[i].getMessageID()).isTrue();
        }
        assertThat(ids).hasSize(calls);
        assertThat(data.jdbc.sql("select count(*) from notification_deliveries where status = 'sent' and event_kind = 'CALL'")
                .query(Long.class).single()).isEqualTo(calls);
    }

    @Test
    void aReceiverThatIsDownIsTriedAgainAfterABackOffAndGivenUpAfterTheLastAttempt() throws Exception {
        DeliveryWorker worker = notify.worker("w1");
        UUID d = notify.verifiedEmail(tenant, "desk@example.test", "LINK", smtps, worker);
        Viewer viewer = NotifyFixture.manager(tenant, false);
        notify.ruleAdmin.create(viewer, tenant, new RuleAdministration.Form(d.toString(), List.of(), List.of(), "", "ANY", true));
        int before = smtps.getReceivedMessages().length;
        smtps.stop();
        notify.closedCall(tenant, CallOutcome.MESSAGE_TAKEN, "0312345678", "伝言です");
        data.clock.advance(Duration.ofMinutes(1));

        worker.round();
        assertThat(data.jdbc.sql("select attempts from notification_deliveries where event_kind = 'CALL'").query(Integer.class)
                .single()).isEqualTo(1);
        worker.round(); // not due yet: the back-off holds it
        assertThat(data.jdbc.sql("select attempts from notification_deliveries where event_kind = 'CALL'").query(Integer.class)
                .single()).isEqualTo(1);
        for (int i = 0; i < 3; i++) {
            data.clock.advance(Duration.ofMinutes(15));
            worker.round();
        }
        assertThat(notify.ruleAdmin.failedCount(viewer, tenant)).isEqualTo(1);
        assertThat(notify.ruleAdmin.failedCount(NotifyFixture.manager(UUID.randomUUID(), false), tenant)).isZero();
        DeliveryRows.Delivery dead = notify.ruleAdmin.deadLetters(viewer, tenant).getFirst();
        assertThat(dead.lastError()).startsWith("gave up after 3 attempts").doesNotContain("desk@example.test");

        smtps = NotifyFixture.smtps(dir);
        smtps.getSmtps();
        notify = new NotifyFixture(data, NotifyFixture.senderTrusting(dir, "smtps", smtps.getSmtps().getPort()));
        notify.ruleAdmin.resend(viewer, tenant, dead.id());
        notify.worker("w2").round();
        assertThat(smtps.getReceivedMessages()).hasSize(1);
        assertThat(smtps.getReceivedMessages()[0].getMessageID()).isEqualTo("<" + dead.idempotencyKey() + "@uketsuke>");
        assertThat(notify.ruleAdmin.failedCount(viewer, tenant)).isZero();
        assertThat(before).isPositive();
    }

    @Test
    void aDeliveryANodeDiedWhileSendingIsSentByAnotherOnceItsLeaseRunsOutAndACallClosedBeforeACrashIsStillQueued()
            throws Exception {
        DeliveryWorker survivor = notify.worker("node-b");
        UUID d = notify.verifiedEmail(tenant, "desk@example.test", "LINK", smtps, survivor);
        notify.ruleAdmin.create(NotifyFixture.manager(tenant, false), tenant,
                new RuleAdministration.Form(d.toString(), List.of(), List.of(), "", "ANY", true));
        int before = smtps.getReceivedMessages().length;
        // the call's record closed and then the node died: no event reached anyone, nothing was queued
        notify.closedCall(tenant, CallOutcome.MESSAGE_TAKEN, "0312345678", "伝言です");
        data.clock.advance(Duration.ofMinutes(1));
        notify.evaluator.evaluateReady();
        UUID id = notify.deliveries.due(data.clock.instant(), 10).getFirst();
        // a node claims it and dies before sending or writing anything back
        assertThat(notify.deliveries.claim(id, "node-a", data.clock.instant(), data.clock.instant().plus(Duration.ofMinutes(2))))
                .isPresent();

        survivor.round();
        assertThat(smtps.getReceivedMessages()).as("held by node-a's lease").hasSize(before);
        data.clock.advance(Duration.ofMinutes(3));
        survivor.round();
        survivor.round();

        assertThat(smtps.getReceivedMessages()).hasSize(before + 1);
        assertThat(notify.deliveries.find(id).orElseThrow().status()).isEqualTo(DeliveryRows.SENT);
    }

    @Test
    void aMailServerWithoutStartTlsGetsNothing() throws Exception {
        GreenMail plain = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        plain.start();
        try {
            EmailChannel channel = new EmailChannel(NotifyFixture.senderTrusting(dir, "smtp", plain.getSmtp().getPort()),
                    t -> "uketsuke@uketsuke.test");
            var destination = new jp.uketsuke.notify.Destination(UUID.randomUUID(), tenant,
                    jp.uketsuke.notify.ChannelKind.EMAIL, "desk@example.test", "", java.util.Map.of());
            var notice = new jp.uketsuke.notify.Notice(UUID.randomUUID(), "件名", List.of("本文"), null);

            assertThatThrownBy(() -> channel.send(destination, notice, "uketsuke-key"))
                    .isInstanceOf(jp.uketsuke.notify.DeliveryFailure.class)
                    .hasMessageNotContaining("desk@example.test");
            assertThat(plain.getReceivedMessages()).isEmpty();
        } finally {
            plain.stop();
        }
    }

    @Test
    void wrongCodesAreLimitedAndAChangedAddressMustBeVerifiedAgain() throws Exception {
        DeliveryWorker worker = notify.worker("w1");
        Viewer viewer = NotifyFixture.manager(tenant, false);
        UUID id = notify.admin.create(viewer, tenant, new DestinationAdministration.Form("EMAIL", "受付", "LINK",
                "desk@example.test", "", ""));
        assertThatThrownBy(() -> notify.admin.verify(viewer, tenant, id, "123456"))
                .hasFieldOrPropertyWithValue("messageKey", "notify.error.no-code");
        notify.admin.sendCode(viewer, tenant, id);
        worker.round();
        String code = NotifyFixture.codeIn(NotifyFixture.lastTo(smtps, "desk@example.test"));
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (String guess : List.of(wrong, "12345", "abcdef", "1234567", wrong)) {
            assertThatThrownBy(() -> notify.admin.verify(viewer, tenant, id, guess)).isInstanceOf(NotifyRefusal.class);
        }
        assertThatThrownBy(() -> notify.admin.verify(viewer, tenant, id, code))
                .hasFieldOrPropertyWithValue("messageKey", "notify.error.too-many-attempts");

        notify.admin.sendCode(viewer, tenant, id);
        worker.round();
        String fresh = NotifyFixture.codeIn(NotifyFixture.lastTo(smtps, "desk@example.test"));
        data.clock.advance(Duration.ofMinutes(31));
        assertThatThrownBy(() -> notify.admin.verify(viewer, tenant, id, fresh))
                .hasFieldOrPropertyWithValue("messageKey", "notify.error.code-expired");

        notify.admin.sendCode(viewer, tenant, id);
        worker.round();
        notify.admin.verify(viewer, tenant, id, NotifyFixture.codeIn(NotifyFixture.lastTo(smtps, "desk@example.test")));
        assertThat(notify.destinations.find(tenant, id).orElseThrow().verified()).isTrue();

        notify.admin.change(viewer, tenant, id, new DestinationAdministration.Form(null, "受付", "LINK",
                "other@example.test", "", ""));
        assertThat(notify.destinations.find(tenant, id).orElseThrow().verified()).isFalse();
        assertThat(data.jdbc.sql("select count(*) from audit_events where action like 'notify.destination.%'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(8);
    }

    @Test
    void fullNeedsTheRightToReadUnmaskedTranscripts() {
        Viewer withoutRight = NotifyFixture.manager(tenant, false);
        assertThatThrownBy(() -> notify.admin.create(withoutRight, tenant, new DestinationAdministration.Form("EMAIL",
                "全文", "FULL", "desk@example.test", "", "")))
                .hasFieldOrPropertyWithValue("messageKey", "notify.error.full-needs-permission");
        UUID id = notify.admin.create(withoutRight, tenant, new DestinationAdministration.Form("EMAIL", "要約", "SUMMARY",
                "desk@example.test", "", ""));
        assertThatThrownBy(() -> notify.admin.change(withoutRight, tenant, id, new DestinationAdministration.Form(null,
                "要約", "FULL", "", "", ""))).hasFieldOrPropertyWithValue("messageKey", "notify.error.full-needs-permission");
        notify.admin.change(NotifyFixture.manager(tenant, true), tenant, id, new DestinationAdministration.Form(null,
                "要約", "FULL", "", "", ""));
        assertThat(notify.destinations.find(tenant, id).orElseThrow().level()).hasToString("FULL");
    }

    @Test
    void badInputIsRefusedAndAnotherTenantsDestinationIsNotFound() {
        Viewer viewer = NotifyFixture.manager(tenant, false);
        record Case(String kind, String name, String level, String address, String secret, String options, String key) {
        }
        List<Case> cases = List.of(
                new Case("EMAIL", "x".repeat(81), "", "desk@example.test", "", "", "notify.error.name"),
                new Case("EMAIL", "", "", "desk@example.test", "", "", "notify.error.name"),
                new Case("EMAIL", "受付\u0007", "", "desk@example.test", "", "", "notify.error.name"),
                new Case("EMAIL", "受付\u202Egnp.exe", "", "desk@example.test", "", "", "notify.error.name"),
                new Case("EMAIL", "受付", "", "desk@example.test\r\nBcc: x@example.test", "", "", "notify.error.address"),
                new Case("EMAIL", "受付", "", "a".repeat(2001), "", "", "notify.error.address"),
                new Case("EMAIL", "受付", "", "not an address", "", "", "notify.error.invalid"),
                new Case("EMAIL", "受付", "", "a@b.test, c@d.test", "", "", "notify.error.invalid"),
                new Case("EMAIL", "受付", "", "desk@example.test", "token", "", "notify.error.invalid"),
                new Case("EMAIL", "受付", "", "desk@example.test", "s".repeat(8001), "", "notify.error.secret"),
                new Case("EMAIL", "受付", "", "desk@example.test", "", "no equals sign", "notify.error.options"),
                new Case("EMAIL", "受付", "", "desk@example.test", "", "1bad=x", "notify.error.options"),
                new Case("EMAIL", "受付", "LOUD", "desk@example.test", "", "", "notify.error.level"),
                new Case("FAX", "受付", "", "desk@example.test", "", "", "notify.error.kind"),
                new Case("SLACK_WEBHOOK", "受付", "", "https://hooks.slack.test/x", "", "", "notify.error.kind"));
        for (Case c : cases) {
            assertThatThrownBy(() -> notify.admin.create(viewer, tenant, new DestinationAdministration.Form(c.kind(),
                    c.name(), c.level(), c.address(), c.secret(), c.options()))).as(c.toString())
                    .hasFieldOrPropertyWithValue("messageKey", c.key());
        }
        assertThat(notify.destinations.ofTenant(tenant)).isEmpty();

        UUID other = data.tenants.create("Other", "ja-JP");
        UUID theirs = notify.admin.create(NotifyFixture.manager(other, false), other,
                new DestinationAdministration.Form("EMAIL", "他社", "LINK", "their@example.test", "", ""));
        assertThatThrownBy(() -> notify.admin.find(viewer, tenant, theirs)).isInstanceOf(NotifyRefusal.NotFound.class);
        assertThatThrownBy(() -> notify.admin.find(viewer, other, theirs)).isInstanceOf(NotifyRefusal.NotFound.class);
        assertThatThrownBy(() -> notify.admin.delete(viewer, tenant, theirs)).isInstanceOf(NotifyRefusal.NotFound.class);
        assertThatThrownBy(() -> notify.ruleAdmin.create(viewer, tenant, new RuleAdministration.Form(theirs.toString(),
                List.of(), List.of(), "", "ANY", true))).isInstanceOf(NotifyRefusal.NotFound.class);
        UUID ours = notify.admin.create(viewer, tenant, new DestinationAdministration.Form("EMAIL", "受付", "LINK",
                "desk@example.test", "", ""));
        for (RuleAdministration.Form bad : List.of(
                new RuleAdministration.Form("not-a-uuid", List.of(), List.of(), "", "ANY", true),
                new RuleAdministration.Form(ours.toString(), List.of("SOMETIMES"), List.of(), "", "ANY", true),
                new RuleAdministration.Form(ours.toString(), List.of(), List.of("GOSSIP"), "", "ANY", true),
                new RuleAdministration.Form(ours.toString(), List.of(), List.of(), "not a number", "ANY", true),
                new RuleAdministration.Form(ours.toString(), List.of(), List.of(), "0".repeat(31), "ANY", true),
                new RuleAdministration.Form(ours.toString(), List.of(), List.of(), "03\n1234", "ANY", true),
                new RuleAdministration.Form(ours.toString(), List.of(), List.of(), "", "NIGHT", true))) {
            assertThatThrownBy(() -> notify.ruleAdmin.create(viewer, tenant, bad)).as(bad.toString())
                    .isInstanceOf(NotifyRefusal.class);
        }
        assertThat(notify.rules.ofTenant(tenant)).isEmpty();
        Viewer outsider = new Viewer("user:x", Set.of(tenant), Set.of(Permissions.CALLS_READ), null);
        assertThatThrownBy(() -> notify.admin.list(outsider, tenant)).isInstanceOf(NotifyRefusal.NotFound.class);
    }
}
