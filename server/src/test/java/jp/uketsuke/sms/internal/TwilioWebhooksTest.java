package jp.uketsuke.sms.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.uketsuke.config.DataFixture;
import jp.uketsuke.config.Database;
import jp.uketsuke.testing.FakeTwilio;
import jp.uketsuke.voicebot.CallFacts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Twilio's webhooks as outside input: a signed STOP reply opts the number out for the tenants that messaged it, a
 * signed delivery report moves a message forward; unsigned, wrongly signed, foreign-account, replayed, malformed and
 * oversized requests are refused and change nothing.
 */
class TwilioWebhooksTest {

    private static final String BASE = "https://uketsuke.example.jp";
    private static final String MOBILE = "09011112222";

    @TempDir
    Path dataDir;
    DataFixture data;
    TextMessageRows rows;
    TwilioWebhooks webhooks;
    TwilioSignature signature = new TwilioSignature(FakeTwilio.AUTH_TOKEN);
    UUID tenant;
    UUID other;

    @BeforeEach
    void start() {
        data = DataFixture.start(Database.H2, dataDir);
        rows = new TextMessageRows(data.jdbc, data.vault);
        webhooks = new TwilioWebhooks(new TwilioWebhooks.WebhookSettings(BASE, FakeTwilio.ACCOUNT_SID, signature),
                rows, data.audit, data.clock);
        tenant = data.tenants.create("さくら不動産", "ja");
        other = data.tenants.create("Other", "en");
        new SmsOutbox(rows, new SmsProperties.Limits(0, 0, null), true, () -> { }, data.clock)
                .send(new CallFacts(tenant, MOBILE, "0500000001", UUID.randomUUID()), MOBILE, "https://example.jp/");
    }

    @AfterEach
    void stop() throws Exception {
        data.close();
    }

    private static List<Map.Entry<String, String>> reply(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", "SM" + "a".repeat(32));
        form.put("AccountSid", FakeTwilio.ACCOUNT_SID);
        form.put("From", "+819011112222");
        form.put("To", FakeTwilio.FROM);
        form.put("Body", body);
        form.put("NumMedia", "0");
        return new ArrayList<>(form.entrySet());
    }

    private static MockHttpServletRequest request(String path, List<Map.Entry<String, String>> form, String signature) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        request.setContentType("application/x-www-form-urlencoded");
        byte[] body = TwilioSms.formEncoded(new LinkedHashMap<>(toMap(form))).getBytes(StandardCharsets.UTF_8);
        request.setContent(body);
        if (signature != null) {
            request.addHeader("X-Twilio-Signature", signature);
        }
        return request;
    }

    private static Map<String, String> toMap(List<Map.Entry<String, String>> form) {
        Map<String, String> m = new LinkedHashMap<>();
        form.forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    private int inbound(List<Map.Entry<String, String>> form) {
        return webhooks.inbound(request(TwilioWebhooks.INBOUND, form,
                signature.of(BASE + TwilioWebhooks.INBOUND, form))).getStatusCode().value();
    }

    private long optOuts() {
        return data.jdbc.sql("select count(*) from text_message_opt_outs").query(Long.class).single();
    }

    @Test
    void theSignatureIsTwiliosDocumentedExample() {
        // the example of Twilio's webhook security page: its URL, parameters and auth token give this signature
        List<Map.Entry<String, String>> params = List.of(Map.entry("CallSid", "CA1234567890ABCDE"),
                Map.entry("Caller", "+12349013030"), Map.entry("Digits", "1234"), Map.entry("From", "+12349013030"),
                Map.entry("To", "+18005551212"));
        assertThat(new TwilioSignature("12345").of("https://mycompany.com/myapp.php?foo=1&bar=2", params))
                .isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    }

    @Test
    void aSignedStopReplyOptsTheNumberOutForTheTenantThatMessagedIt() {
        assertThat(inbound(reply("STOP"))).isEqualTo(200);
        assertThat(rows.optedOut(tenant, MOBILE)).isTrue();
        assertThat(rows.optedOut(other, MOBILE)).as("a tenant that never messaged it").isFalse();
        assertThat(data.jdbc.sql("select count(*) from audit_events where action = 'sms.opt-out'").query(Long.class)
                .single()).isEqualTo(1);
    }

    @Test
    void japaneseAndFullWidthOptOutWordsCountButASentenceDoesNot() {
        assertThat(OptOutWords.isOptOut("停止")).isTrue();
        assertThat(OptOutWords.isOptOut(" 配信停止。")).isTrue();
        assertThat(OptOutWords.isOptOut("ＳＴＯＰ")).isTrue();
        assertThat(OptOutWords.isOptOut("unsubscribe")).isTrue();
        assertThat(OptOutWords.isOptOut("ｽﾄｯﾌﾟ")).isTrue();
        assertThat(OptOutWords.isOptOut("予約を停止したいのですが、どうすればいいですか")).isFalse();
        assertThat(OptOutWords.isOptOut("ありがとう")).isFalse();
        assertThat(inbound(reply("ありがとうございます"))).isEqualTo(200);
        assertThat(optOuts()).isZero();
        List<Map.Entry<String, String>> japanese = reply("配信停止");
        japanese.set(0, Map.entry("MessageSid", "SM" + "b".repeat(32)));
        assertThat(inbound(japanese)).isEqualTo(200);
        assertThat(rows.optedOut(tenant, MOBILE)).isTrue();
    }

    @Test
    void unsignedWronglySignedForeignAndReplayedRequestsAreRefusedAndChangeNothing() {
        List<Map.Entry<String, String>> stop = reply("STOP");
        assertThat(webhooks.inbound(request(TwilioWebhooks.INBOUND, stop, null)).getStatusCode().value()).isEqualTo(403);
        assertThat(webhooks.inbound(request(TwilioWebhooks.INBOUND, stop, "AAAA")).getStatusCode().value()).isEqualTo(403);
        String otherUrl = signature.of("https://attacker.example/webhooks/sms/twilio/inbound", stop);
        assertThat(webhooks.inbound(request(TwilioWebhooks.INBOUND, stop, otherUrl)).getStatusCode().value())
                .isEqualTo(403);
        String otherToken = new TwilioSignature("another account's token 123").of(BASE + TwilioWebhooks.INBOUND, stop);
        assertThat(webhooks.inbound(request(TwilioWebhooks.INBOUND, stop, otherToken)).getStatusCode().value())
                .isEqualTo(403);
        List<Map.Entry<String, String>> foreign = reply("STOP");
        foreign.set(1, Map.entry("AccountSid", "AC" + "f".repeat(32)));
        assertThat(inbound(foreign)).as("signed, but not our account").isEqualTo(403);
        // signed for one body, sent with another
        String signedForThanks = signature.of(BASE + TwilioWebhooks.INBOUND, reply("thanks"));
        assertThat(webhooks.inbound(request(TwilioWebhooks.INBOUND, stop, signedForThanks)).getStatusCode().value())
                .isEqualTo(403);
        assertThat(optOuts()).isZero();
        assertThat(inbound(stop)).isEqualTo(200);
        data.jdbc.sql("delete from text_message_opt_outs").update();
        assertThat(inbound(stop)).as("the same request again").isEqualTo(409);
        assertThat(optOuts()).isZero();
    }

    @Test
    void malformedOversizedAndWrongTypeBodiesAreRefused() {
        MockHttpServletRequest json = request(TwilioWebhooks.INBOUND, reply("STOP"), "x");
        json.setContentType("application/json");
        assertThat(webhooks.inbound(json).getStatusCode().value()).isEqualTo(415);
        MockHttpServletRequest huge = request(TwilioWebhooks.INBOUND, reply("STOP".repeat(20_000)), "x");
        assertThat(webhooks.inbound(huge).getStatusCode().value()).isEqualTo(413);
        MockHttpServletRequest broken = new MockHttpServletRequest("POST", TwilioWebhooks.INBOUND);
        broken.setContentType("application/x-www-form-urlencoded");
        broken.setContent("Body=%zz&From=%2".getBytes(StandardCharsets.US_ASCII));
        assertThat(webhooks.inbound(broken).getStatusCode().value()).isEqualTo(400);
        MockHttpServletRequest twice = new MockHttpServletRequest("POST", TwilioWebhooks.INBOUND);
        twice.setContentType("application/x-www-form-urlencoded");
        twice.setContent("Body=STOP&Body=hello".getBytes(StandardCharsets.US_ASCII));
        assertThat(webhooks.inbound(twice).getStatusCode().value()).isEqualTo(400);
        MockHttpServletRequest noName = new MockHttpServletRequest("POST", TwilioWebhooks.INBOUND);
        noName.setContentType("application/x-www-form-urlencoded");
        noName.setContent("=STOP".getBytes(StandardCharsets.US_ASCII));
        assertThat(webhooks.inbound(noName).getStatusCode().value()).isEqualTo(400);
        assertThat(optOuts()).isZero();
    }

    @Test
    void withoutAConfiguredAccountEveryRequestIsRefused() {
        TwilioWebhooks unconfigured = new TwilioWebhooks(new TwilioWebhooks.WebhookSettings(null, null, null), rows,
                data.audit, data.clock);
        List<Map.Entry<String, String>> stop = reply("STOP");
        assertThat(unconfigured.inbound(request(TwilioWebhooks.INBOUND, stop,
                signature.of(BASE + TwilioWebhooks.INBOUND, stop))).getStatusCode().value()).isEqualTo(403);
        assertThat(optOuts()).isZero();
    }

    @Test
    void aSignedDeliveryReportMovesTheMessageForwardNeverBack() {
        UUID id = data.jdbc.sql("select id from text_messages").query(UUID.class).single();
        String sid = "SM" + "c".repeat(32);
        data.jdbc.sql("update text_messages set status = 'sent', provider_message_id = ? where id = ?").params(sid, id)
                .update();
        assertThat(status(sid, "delivered", null)).isEqualTo(200);
        assertThat(rows.find(id).orElseThrow().status()).isEqualTo("delivered");
        assertThat(status(sid, "failed", "30003")).isEqualTo(200);
        assertThat(rows.find(id).orElseThrow().status()).as("an older or out-of-order report changes nothing")
                .isEqualTo("delivered");
        data.jdbc.sql("update text_messages set status = 'sent' where id = ?").param(id).update();
        assertThat(status(sid, "undelivered", "30006")).isEqualTo(200);
        assertThat(rows.find(id).orElseThrow().lastError()).isEqualTo("Twilio reported undelivered (error 30006)");
        assertThat(status("bad sid!", "delivered", null)).isEqualTo(400);
    }

    private int status(String sid, String status, String code) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", sid);
        form.put("MessageStatus", status);
        form.put("AccountSid", FakeTwilio.ACCOUNT_SID);
        form.put("To", "+819011112222");
        if (code != null) {
            form.put("ErrorCode", code);
        }
        List<Map.Entry<String, String>> params = new ArrayList<>(form.entrySet());
        return webhooks.status(request(TwilioWebhooks.STATUS, params, signature.of(BASE + TwilioWebhooks.STATUS, params)))
                .getStatusCode().value();
    }
}
