package jp.uketsuke.sms.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import jp.uketsuke.sms.SmsProvider.Outcome;
import jp.uketsuke.testing.FakeTwilio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The Twilio client against a local HTTPS server speaking Twilio's Messages API. */
class TwilioSmsTest {

    @TempDir
    Path dir;
    FakeTwilio twilio;

    @BeforeEach
    void start() throws Exception {
        twilio = new FakeTwilio(dir);
    }

    @AfterEach
    void stop() {
        twilio.close();
    }

    private SSLContext trusting() {
        return SmsConfiguration.tls(new SmsProperties.Twilio(twilio.baseUrl(), null, null, null, null, null,
                twilio.trustStore(), FakeTwilio.TRUST_STORE_PASSWORD, null));
    }

    private TwilioSms client(String token, String from, String service, String callback) {
        return new TwilioSms(new TwilioSms.Account(twilio.baseUrl(), FakeTwilio.ACCOUNT_SID, token, from, service,
                callback, Duration.ofSeconds(5)), trusting(), JsonMapper.builder().build(), Clock.systemUTC());
    }

    private TwilioSms client() {
        return client(FakeTwilio.AUTH_TOKEN, FakeTwilio.FROM, null, "https://uketsuke.example.jp/webhooks/sms/twilio/status");
    }

    @Test
    void aMessageIsPostedAsTwiliosFormWithBasicAuthenticationAndItsSidKept() {
        Outcome outcome = client().send("+819011112222", "ご案内のページはこちらです。 https://example.jp/yoyaku");
        assertThat(outcome).isInstanceOf(Outcome.Accepted.class);
        assertThat(twilio.received).singleElement().satisfies(m -> {
            assertThat(m.to()).isEqualTo("+819011112222");
            assertThat(m.from()).isEqualTo(FakeTwilio.FROM);
            assertThat(m.body()).isEqualTo("ご案内のページはこちらです。 https://example.jp/yoyaku");
            assertThat(m.statusCallback()).isEqualTo("https://uketsuke.example.jp/webhooks/sms/twilio/status");
            assertThat(((Outcome.Accepted) outcome).messageId()).isEqualTo(m.sid());
        });
    }

    @Test
    void aMessagingServiceSendsInsteadOfAFromNumber() {
        String service = "MG0123456789abcdef0123456789abcdef";
        assertThat(client(FakeTwilio.AUTH_TOKEN, null, service, null).send("+818012345678", "x"))
                .isInstanceOf(Outcome.Accepted.class);
        assertThat(twilio.received).singleElement().satisfies(m -> {
            assertThat(m.from()).isNull();
            assertThat(m.messagingServiceSid()).isEqualTo(service);
            assertThat(m.statusCallback()).isNull();
        });
    }

    @Test
    void tooManyRequestsIsTriedAgainNoSoonerThanRetryAfter() {
        twilio.answerNext(429, FakeTwilio.error(20429, "Too Many Requests", 429), Map.of("Retry-After", "42"));
        Outcome outcome = client().send("+819011112222", "x");
        assertThat(outcome).isInstanceOfSatisfying(Outcome.TryAgain.class, again -> {
            assertThat(again.notBefore()).isEqualTo(Duration.ofSeconds(42));
            assertThat(again.reason()).contains("429").contains("20429");
        });
        assertThat(twilio.received).isEmpty();
    }

    @Test
    void aServerErrorWithGarbageForAnAnswerIsTriedAgain() {
        twilio.answerNext(500, "<html>oops", Map.of());
        assertThat(client().send("+819011112222", "x")).isInstanceOfSatisfying(Outcome.TryAgain.class,
                again -> assertThat(again.reason()).isEqualTo("Twilio 500"));
        twilio.answerNext(503, "x".repeat(1_000_000), Map.of("Retry-After", "soon"));
        assertThat(client().send("+819011112222", "x")).isInstanceOfSatisfying(Outcome.TryAgain.class,
                again -> assertThat(again.notBefore()).isZero());
    }

    @Test
    void anUnsubscribedRecipientIsRefusedAsOptedOut() {
        twilio.answerNext(400, FakeTwilio.error(21610, "Attempt to send to unsubscribed recipient", 400), Map.of());
        assertThat(client().send("+819011112222", "x")).isInstanceOfSatisfying(Outcome.Refused.class, refused -> {
            assertThat(refused.optedOut()).isTrue();
            assertThat(refused.reason()).contains("21610");
        });
    }

    @Test
    void theNumberTwilioQuotesInAnErrorIsNotKept() {
        Outcome outcome = client().send("+8190111122223333444", "x"); // Twilio answers 21211 quoting the number
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Refused.class, refused -> {
            assertThat(refused.optedOut()).isFalse();
            assertThat(refused.reason()).contains("21211").doesNotContain("11112222");
        });
        twilio.answerNext(400, FakeTwilio.error(21211, "The 'To' number +81 90-1111-2222 is not valid", 400), Map.of());
        assertThat(((Outcome.Refused) client().send("+819011112222", "x")).reason())
                .contains("[number]").doesNotContain("1111").doesNotContain("2222");
    }

    @Test
    void wrongCredentialsAreRefusedWithTwiliosCode() {
        assertThat(client("not-the-right-token-at-all", FakeTwilio.FROM, null, null).send("+819011112222", "x"))
                .isInstanceOfSatisfying(Outcome.Refused.class, r -> assertThat(r.reason()).contains("401").contains("20003"));
        assertThat(twilio.received).isEmpty();
    }

    @Test
    void aRedirectIsNotFollowed() {
        twilio.answerNext(307, "", Map.of("Location", twilio.baseUrl() + "/elsewhere"));
        assertThat(client().send("+819011112222", "x")).isInstanceOfSatisfying(Outcome.TryAgain.class,
                again -> assertThat(again.reason()).contains("redirect"));
        assertThat(twilio.requests).hasSize(1);
    }

    @Test
    void aServerTheSystemDoesNotTrustIsNotSpokenTo() throws Exception {
        TwilioSms systemTrust = new TwilioSms(new TwilioSms.Account(twilio.baseUrl(), FakeTwilio.ACCOUNT_SID,
                FakeTwilio.AUTH_TOKEN, FakeTwilio.FROM, null, null, Duration.ofSeconds(5)), SSLContext.getDefault(),
                JsonMapper.builder().build(), Clock.systemUTC());
        assertThat(systemTrust.send("+819011112222", "x")).isInstanceOf(Outcome.TryAgain.class);
        assertThat(twilio.received).isEmpty();
    }

    @Test
    void anAccountThatCannotBeRightIsRefusedAtStartWithoutShowingTheToken() {
        URI https = URI.create("https://api.twilio.com");
        assertThatThrownBy(() -> new TwilioSms.Account(URI.create("http://api.twilio.com"), FakeTwilio.ACCOUNT_SID,
                FakeTwilio.AUTH_TOKEN, FakeTwilio.FROM, null, null, null)).hasMessageContaining("https");
        assertThatThrownBy(() -> new TwilioSms.Account(URI.create("https://user:pw@api.twilio.com"),
                FakeTwilio.ACCOUNT_SID, FakeTwilio.AUTH_TOKEN, FakeTwilio.FROM, null, null, null))
                .hasMessageContaining("user");
        assertThatThrownBy(() -> new TwilioSms.Account(https, "AC../../x", FakeTwilio.AUTH_TOKEN, FakeTwilio.FROM,
                null, null, null)).hasMessageContaining("account-sid");
        assertThatThrownBy(() -> new TwilioSms.Account(https, FakeTwilio.ACCOUNT_SID, FakeTwilio.AUTH_TOKEN, null,
                null, null, null)).hasMessageContaining("from");
        assertThatThrownBy(() -> new TwilioSms.Account(https, FakeTwilio.ACCOUNT_SID, FakeTwilio.AUTH_TOKEN,
                "+81&To=+1", null, null, null)).hasMessageContaining("from");
        var account = new TwilioSms.Account(https, FakeTwilio.ACCOUNT_SID, FakeTwilio.AUTH_TOKEN, FakeTwilio.FROM,
                null, null, null);
        assertThat(account.toString()).doesNotContain(FakeTwilio.AUTH_TOKEN);
        assertThat(new SmsProperties.Twilio(https, FakeTwilio.ACCOUNT_SID, FakeTwilio.AUTH_TOKEN, null, null, null,
                null, null, null).toString()).doesNotContain(FakeTwilio.AUTH_TOKEN);
    }
}
