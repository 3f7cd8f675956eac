package jp.uketsuke.switchboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.calls.CallDetail;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.calls.CallSummary;
import jp.uketsuke.calls.TranscriptTurn;
import jp.uketsuke.hours.BusinessHours;
import jp.uketsuke.hours.OpenInterval;
import jp.uketsuke.hours.SpecialDay;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.testing.FreePorts;
import jp.uketsuke.voicebot.FaqEntry;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.FlowEditing;
import jp.uketsuke.voicebot.Node;
import jp.uketsuke.voicebot.Prompt;
import jp.uketsuke.voicebot.TransferTo;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Real calls (SIPp pressing keys) through a custom flow the tenant published, on a server whose clock says it is
 * 10:00 on 勤労感謝の日 2026 (a national holiday, a Monday): the hours node takes the holiday branch — or, with the day
 * declared a working day, the open one — then a keypad menu, an FAQ answer by key, a transfer nobody can take
 * falling back to a message, and a message.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, args = "--demo")
@Import(CustomFlowCallTest.HolidayMorning.class)
class CustomFlowCallTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final LocalDate HOLIDAY = LocalDate.of(2026, 11, 23);
    /** Nothing listens here: calls to this desk phone fail, and the flow falls back. */
    private static final int DEAD_PHONE_PORT = FreePorts.udpAndTcp();

    @TestConfiguration
    static class HolidayMorning {
        /** Time runs as usual (prompts and silences take their time), starting from the holiday morning. */
        @Bean
        @Primary
        Clock holidayMorning() {
            Instant then = ZonedDateTime.of(HOLIDAY, LocalTime.of(10, 0), TOKYO).toInstant();
            return Clock.offset(Clock.system(TOKYO), Duration.between(Instant.now(), then));
        }
    }

    @Autowired
    Tenants tenants;
    @Autowired
    CallHistory history;
    @Autowired
    FlowEditing flows;
    @Autowired
    Clock clock;
    @Value("${uketsuke.sip.port}")
    int sipPort;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        DemoCallScenarios.telephonyOn(registry, "custom-flow");
        registry.add("uketsuke.transfer.staff-phones.0500000000.290", () -> "sip:290@127.0.0.1:" + DEAD_PHONE_PORT);
        // SIPp sends no audio between its keys: these calls are longer than the default 30 s without it
        registry.add("uketsuke.rtp.timeout", () -> "120s");
    }

    private static Flow flow(BusinessHours hours) {
        return new Flow("en-US", "hours", List.of(
                new Node.Hours("hours", "menu", "closed", "holiday"),
                new Node.Say("holiday", Prompt.text("We are closed today for the national holiday."), "message"),
                new Node.Say("closed", Prompt.text("We are closed now."), "message"),
                new Node.Menu("menu", Prompt.text("Press 1 for our address, or 2 to talk to staff."), List.of(
                        new Node.Menu.Option("1", List.of(), "address"), new Node.Menu.Option("2", List.of(), "staff")),
                        0, 5, null, "faq", "faq"),
                new Node.Say("address", Prompt.text("We are next to Tokyo Station."), "goodbye"),
                new Node.Faq("faq", Prompt.text("What is your question?"), null, 1, 5, "goodbye", "message"),
                new Node.Transfer("staff", TransferTo.extension("290"), Node.Transfer.Mode.BRIDGED, 3,
                        Prompt.text("Connecting you."), Prompt.text("Nobody can take your call."), "message"),
                new Node.Message("message", Prompt.text("Please leave a message."), 30,
                        Prompt.text("Thank you for your message."), "goodbye"),
                new Node.Hangup("goodbye", Prompt.text("Goodbye."))),
                List.of(new FaqEntry("parking", List.of("parking"), "There is parking behind the building.", '3')),
                List.of(), hours);
    }

    private UUID publish(BusinessHours hours) {
        UUID tenant = tenants.lineFor(DemoCallScenarios.DEMO_NUMBER).orElseThrow().tenantId();
        Viewer editor = new Viewer("test:flows", Set.of(tenant), Set.of(Permissions.FLOWS_EDIT), null);
        flows.saveDraft(editor, tenant, flow(hours));
        flows.publish(editor, tenant);
        return tenant;
    }

    /** Milliseconds to wait (Integer) and keys to press (Character), in order. */
    private static String keys(Object... pausesAndKeys) {
        StringBuilder out = new StringBuilder();
        for (Object step : pausesAndKeys) {
            out.append(step instanceof Integer ms ? "  <pause milliseconds=\"" + ms + "\"/>\n"
                    : "  <nop><action><exec play_pcap_audio=\"/usr/share/sip-tester/dtmf_2833_" + step
                    + ".pcap\"/></action></nop>\n");
        }
        return out.toString();
    }

    private CallDetail call(UUID tenant, String keys) throws Exception {
        return call(tenant, DemoCallScenarios.DEMO_NUMBER, keys);
    }

    private CallDetail call(UUID tenant, String number, String keys) throws Exception {
        Instant before = Instant.now(); // call records are stamped by telephony, on the real clock
        try (SippCaller.Media caller = new SippCaller.Media()) {
            Path scenario = SippCaller.scenario("caller-presses-keys.xml", s -> s
                    .replace("m=audio [media_port]", "m=audio " + caller.port())
                    .replace("  <!-- KEYS: the test puts pauses and RFC 4733 key presses here -->\n", keys));
            assertThat(SippCaller.call(sipPort, scenario, number)).isZero();
            assertThat(caller.audiblePackets()).as("the bot's voice reached the caller").isGreaterThan(150);
        }
        Viewer viewer = new Viewer("test:e2e", Set.of(tenant), Set.of(Permissions.CALLS_READ), "127.0.0.1");
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            List<CallSummary> calls = history.list(viewer, tenant, 20).stream()
                    .filter(c -> !c.startedAt().isBefore(before.minusSeconds(1))).toList();
            if (calls.size() == 1 && calls.getFirst().outcome() != CallOutcome.IN_PROGRESS
                    || Instant.now().isAfter(deadline)) {
                assertThat(calls).hasSize(1);
                return history.find(viewer, calls.getFirst().id()).orElseThrow();
            }
            Thread.sleep(100);
        }
    }

    private static List<String> texts(CallDetail call) {
        return call.turns().stream().map(TranscriptTurn::text).toList();
    }

    @Test
    void onAHolidayTheHoursNodeTakesTheHolidayBranch() throws Exception {
        UUID tenant = publish(BusinessHours.standard());
        CallDetail call = call(tenant, keys());
        assertThat(texts(call)).containsSubsequence("We are closed today for the national holiday.",
                "Please leave a message.", "Goodbye.").doesNotContain("Press 1 for our address, or 2 to talk to staff.");
        assertThat(call.summary().outcome()).isEqualTo(CallOutcome.COMPLETED);
        assertThat(call.flowVersion()).isPositive();
    }

    @Test
    void theJapaneseDemoSaysInJapaneseThatItIsClosedForTheHolidayAndOffersToTakeAMessage() throws Exception {
        UUID tenant = tenants.lineFor("0500000001").orElseThrow().tenantId();
        CallDetail call = call(tenant, "0500000001", keys());
        assertThat(texts(call)).containsExactly(
                "お電話ありがとうございます。さくら不動産の自動応答です。この通話は録音されます。", "本日は休業日です。",
                "お名前、お電話番号、ご用件をお話しください。お話が終わりましたら、そのままお待ちください。",
                "お電話ありがとうございました。失礼いたします。");
        assertThat(call.summary().outcome()).isEqualTo(CallOutcome.COMPLETED);
    }

    @Test
    void onAWorkingDayTheMenuLeadsToTheFaqAndAFailedTransferToAMessage() throws Exception {
        BusinessHours open = new BusinessHours(TOKYO, BusinessHours.standard().weekly(), true, List.of(),
                List.of(new SpecialDay(HOLIDAY, "臨時営業", List.of(OpenInterval.parse("09:00-18:00")))));
        UUID tenant = publish(open);

        CallDetail faq = call(tenant, keys(2000, '3'));
        assertThat(texts(faq)).containsSubsequence("Press 1 for our address, or 2 to talk to staff.", "[DTMF 3]",
                "There is parking behind the building.", "Goodbye.");
        assertThat(faq.summary().outcome()).isEqualTo(CallOutcome.FAQ_ANSWERED);

        CallDetail message = call(tenant, keys(2000, '2', 14000, '5'));
        assertThat(texts(message)).containsSubsequence("[DTMF 2]", "Connecting you.", "Nobody can take your call.",
                "Please leave a message.", "[DTMF 5]", "Thank you for your message.", "Goodbye.");
        assertThat(texts(message)).anyMatch(t -> t.startsWith("[TRANSFER BRIDGED: "));
        assertThat(message.summary().outcome()).isEqualTo(CallOutcome.MESSAGE_TAKEN);
    }
}
