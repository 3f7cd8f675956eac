package jp.uketsuke.voicebot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import jp.uketsuke.voicebot.Simulation.Actor;
import org.junit.jupiter.api.Test;

/**
 * The sms node (F6): its link and text checked so no personal data can travel in them, and its run — consent by key,
 * the caller's own mobile number, or one keyed in and read back, landlines and premium numbers refused — through
 * the engine with typed turns, the simulator showing the message without sending it.
 */
class SmsNodeTest {

    private static final UUID TENANT = UUID.randomUUID();
    private static final String LINK = "https://www.example.jp/yoyaku?utm_source=sms";
    private static final FlowServices SIMULATED = new FlowServices(CallerScreening.NONE, TextMessaging.SIMULATED);

    private static Node.Sms sms(String url, String text) {
        return new Node.Sms("sms", null, url, text, null, null, "bye", "sorry");
    }

    private static Flow flow(String language) {
        return new Flow(language, null, List.of(sms(LINK, null), new Node.Hangup("bye", Prompt.text("bye")),
                new Node.Hangup("sorry", Prompt.text("sorry"))), List.of(), List.of(), null);
    }

    private static Simulation run(Flow flow, String caller, FlowServices services, CallerTurn... turns) {
        return Simulator.run(CompiledFlow.of(1, flow), List.of(turns), TENANT, "0500000001", caller, false, services,
                Clock.systemUTC());
    }

    private static List<String> said(Simulation s, Actor actor) {
        return s.turns().stream().filter(t -> t.actor() == actor).map(Simulation.Turn::text).toList();
    }

    @Test
    void aLinkIsHttpsWithoutUserInformationAndBounded() {
        assertThat(sms(LINK, null).url()).isEqualTo(LINK);
        assertThatThrownBy(() -> sms("http://www.example.jp/", null)).hasMessageContaining("https");
        assertThatThrownBy(() -> sms("javascript:alert(1)", null)).hasMessageContaining("https");
        assertThatThrownBy(() -> sms("https://user:pw@www.example.jp/", null)).hasMessageContaining("user name");
        assertThatThrownBy(() -> sms("https://www.example.jp/" + "a".repeat(500), null)).hasMessageContaining("500");
        assertThatThrownBy(() -> sms("https://www.example.jp/a b", null)).hasMessageContaining("spaces");
        assertThatThrownBy(() -> sms(null, null)).hasMessageContaining("url");
    }

    @Test
    void aLinkThatWouldCarryPersonalDataIsRefusedWithAClearReason() {
        assertThatThrownBy(() -> sms("https://www.example.jp/?tel={caller}", null)).hasMessageContaining("placeholders");
        assertThatThrownBy(() -> sms("https://www.example.jp/?tel=%7Bcaller%7D", null))
                .hasMessageContaining("placeholders");
        assertThatThrownBy(() -> sms("https://www.example.jp/?ref=${number}", null)).hasMessageContaining("placeholders");
        assertThatThrownBy(() -> sms("https://www.example.jp/?ref=090-1234-5678", null)).hasMessageContaining("phone");
        assertThatThrownBy(() -> sms("https://www.example.jp/?ref=%2B819012345678", null)).hasMessageContaining("phone");
        assertThatThrownBy(() -> sms("https://www.example.jp/u/０９０１２３４５６７８", null)).hasMessageContaining("phone");
        assertThatThrownBy(() -> sms("https://www.example.jp/?m=taro%40example.com", null))
                .hasMessageContaining("e-mail");
        assertThatThrownBy(() -> sms("https://www.example.jp/?email=", null)).hasMessageContaining("personal data");
        assertThatThrownBy(() -> sms("https://www.example.jp/?campaign=x&phone_number=1", null))
                .hasMessageContaining("personal data");
        assertThatThrownBy(() -> sms("https://www.example.jp/?%E9%9B%BB%E8%A9%B1=1", null))
                .hasMessageContaining("personal data");
        assertThat(sms("https://www.example.jp/menu?page=2&utm_campaign=spring2026", null).url()).endsWith("2026");
    }

    @Test
    void theTextHoldsTheLinkOnceAndNoOtherPlaceholder() {
        assertThat(sms(LINK, "予約はこちら {url}").text()).isEqualTo("予約はこちら {url}");
        assertThatThrownBy(() -> sms(LINK, "予約はこちら")).hasMessageContaining("{url}");
        assertThatThrownBy(() -> sms(LINK, "{url} {url}")).hasMessageContaining("{url}");
        assertThatThrownBy(() -> sms(LINK, "{name}様 {url}")).hasMessageContaining("placeholder");
        assertThatThrownBy(() -> sms(LINK, "x".repeat(501) + "{url}")).hasMessageContaining("500");
    }

    @Test
    void aFlowDocumentWithABadLinkIsRefusedSayingWhere() {
        String document = """
                {"schema": 2, "language": "ja-JP", "nodes": [
                  {"type": "sms", "id": "sms", "url": "https://www.example.jp/?tel={caller}", "next": "bye"},
                  {"type": "hangup", "id": "bye"}]}""";
        assertThatThrownBy(() -> FlowDocuments.read(document.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FlowDocuments.InvalidFlowDocument.class)
                .hasMessageContaining("[0]").hasMessageContaining("node sms").hasMessageContaining("placeholders");
        Flow good = flow("ja-JP");
        assertThat(FlowDocuments.read(FlowDocuments.write(good))).isEqualTo(good);
        assertThat(new String(FlowDocuments.write(good), StandardCharsets.UTF_8)).contains("\"type\" : \"sms\"");
        assertThat(FlowValidator.check(good, new FlowCapabilities(java.util.Set.of(), java.util.Set.of(),
                java.util.Set.of()))).isEmpty();
    }

    @Test
    void aCallerOnAMobileWhoPressesOneGetsTheLinkAndTheSimulatorShowsItWithoutSending() {
        Simulation s = run(flow("ja-JP"), "09011112222", SIMULATED, CallerTurn.pressing("1"));
        assertThat(said(s, Actor.BOT)).containsSubsequence(
                "ホームページのご案内をSMSでお送りします。よろしければ1を、不要でしたら2を押してください。", "SMSをお送りしました。", "bye");
        assertThat(said(s, Actor.STEP)).contains("[SMS to 090-****-2222 queued (simulation: shown here, not sent): "
                + "ご案内のページはこちらです。 " + LINK + "]");
        assertThat(s.run().values()).containsEntry("sms", "queued");
        assertThat(s.run().visited()).containsExactly("sms", "bye");
    }

    @Test
    void pressingTwoDeclinesAndTheCallGoesOn() {
        Simulation s = run(flow("en-US"), "09011112222", SIMULATED, CallerTurn.pressing("2"));
        assertThat(s.run().values()).containsEntry("sms", "declined");
        assertThat(s.run().visited()).containsExactly("sms", "bye");
        assertThat(said(s, Actor.STEP)).noneMatch(t -> t.contains("queued"));
    }

    @Test
    void aCallerOnALandlineKeysInAMobileNumberThatIsReadBackDigitByDigitAndConfirmed() {
        Simulation s = run(flow("ja-JP"), "0312345678", SIMULATED, CallerTurn.pressing("1"),
                CallerTurn.pressing("08033334444#"), CallerTurn.pressing("1"));
        assertThat(said(s, Actor.BOT)).containsSubsequence("SMSを受け取る携帯電話の番号を押して、最後にシャープを押してください。",
                "ご入力の番号は、", "ゼロ", "ハチ", "ゼロ", "サン", "サン", "サン", "サン", "ヨン", "ヨン", "ヨン", "ヨン",
                "です。よろしければ1を、入力し直す場合は2を押してください。", "SMSをお送りしました。");
        assertThat(said(s, Actor.STEP)).anyMatch(t -> t.startsWith("[SMS to 080-****-4444 queued"));
        assertThat(said(s, Actor.STEP)).noneMatch(t -> t.contains("08033334444") || t.contains("33334444"));
    }

    @Test
    void aLandlineFreeDialOrPremiumNumberKeyedInIsRefusedAskedAgainThenTheFailedRouteIsTaken() {
        Simulation once = run(flow("en-US"), null, SIMULATED, CallerTurn.pressing("1"), CallerTurn.pressing("0312345678#"),
                CallerTurn.pressing("09011112222#"), CallerTurn.pressing("1"));
        assertThat(said(once, Actor.BOT)).containsSubsequence("We cannot send a text message to a landline. Please key "
                + "in a mobile number starting with 070, 080 or 090.", "You entered", "zero", "nine", "zero");
        assertThat(said(once, Actor.STEP)).contains("[SMS: the number keyed in is a landline; refused]");
        assertThat(once.run().values()).containsEntry("sms", "queued");

        Simulation twice = run(flow("ja-JP"), null, SIMULATED, CallerTurn.pressing("1"),
                CallerTurn.pressing("0120123456#"), CallerTurn.pressing("0990123456#"));
        assertThat(said(twice, Actor.STEP)).contains("[SMS: the number keyed in is a free-dial number; refused]",
                "[SMS: the number keyed in is a premium-rate number; refused]",
                "[SMS not sent: no mobile number was given]");
        assertThat(said(twice, Actor.BOT)).contains("申し訳ございません。SMSをお送りできませんでした。");
        assertThat(twice.run().values()).containsEntry("sms", "failed");
        assertThat(twice.run().visited()).containsExactly("sms", "sorry");
    }

    @Test
    void whenNothingCanBeSentTheCallerIsToldAndTheCallGoesOnAtFailed() {
        Simulation s = run(flow("en-US"), "09011112222", FlowServices.NONE, CallerTurn.pressing("1"));
        assertThat(said(s, Actor.STEP)).contains("[SMS to 090-****-2222 not sent: text messages are not configured]");
        assertThat(said(s, Actor.BOT)).contains("Sorry, we could not send you a text message.", "sorry");
        assertThat(s.run().visited()).containsExactly("sms", "sorry");
    }

    @Test
    void numbersAreToldApart() {
        assertThat(TextDestination.of("09011112222")).isEqualTo(TextDestination.MOBILE);
        assertThat(TextDestination.of("07011112222")).isEqualTo(TextDestination.MOBILE);
        assertThat(TextDestination.of("0312345678")).isEqualTo(TextDestination.LANDLINE);
        assertThat(TextDestination.of("05012345678")).isEqualTo(TextDestination.IP_PHONE);
        assertThat(TextDestination.of("0120123456")).isEqualTo(TextDestination.FREE_DIAL);
        assertThat(TextDestination.of("08001234567")).isEqualTo(TextDestination.FREE_DIAL);
        assertThat(TextDestination.of("0570123456")).isEqualTo(TextDestination.NAVI_DIAL);
        assertThat(TextDestination.of("0990123456")).isEqualTo(TextDestination.PREMIUM);
        assertThat(TextDestination.of("0180123456")).isEqualTo(TextDestination.PREMIUM);
        assertThat(TextDestination.of("0901111222")).isEqualTo(TextDestination.LANDLINE); // ten digits: not a mobile
        assertThat(TextDestination.of("")).isEqualTo(TextDestination.NOT_A_NUMBER);
        assertThat(TextDestination.of("+819011112222")).isEqualTo(TextDestination.NOT_A_NUMBER);
    }
}
