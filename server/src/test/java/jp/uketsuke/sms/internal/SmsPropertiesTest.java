package jp.uketsuke.sms.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Configuration of text messages as an administrator writes it: defaults that work, per-tenant limits, bad values refused. */
class SmsPropertiesTest {

    private static SmsProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("uketsuke.sms", SmsProperties.class);
    }

    @Test
    void nothingConfiguredMeansNoProviderAndSensibleLimits() {
        SmsProperties p = bind(Map.of());
        assertThat(p.provider()).isEqualTo("none");
        assertThat(p.limits().of(UUID.randomUUID())).isEqualTo(new SmsProperties.Limit(10, 1000));
        assertThat(p.retry().maxAttempts()).isEqualTo(5);
        assertThat(p.twilio().baseUrl().toString()).isEqualTo("https://api.twilio.com");
        assertThat(p.twilio().webhookBaseUrl()).isNull();
    }

    @Test
    void aTenantsOwnLimitsOverrideTheDefaults() {
        UUID tenant = UUID.randomUUID();
        SmsProperties p = bind(Map.of("uketsuke.sms.provider", "Twilio", "uketsuke.sms.limits.per-month", "500",
                "uketsuke.sms.limits.tenants." + tenant + ".per-minute", "3", "uketsuke.sms.retry.first-delay", "5s",
                "uketsuke.sms.twilio.webhook-base-url", "https://uketsuke.example.jp/"));
        assertThat(p.provider()).isEqualTo("twilio");
        assertThat(p.limits().of(tenant)).isEqualTo(new SmsProperties.Limit(3, 500));
        assertThat(p.limits().of(UUID.randomUUID())).isEqualTo(new SmsProperties.Limit(10, 500));
        assertThat(p.retry().firstDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.twilio().webhookBaseUrl()).isEqualTo("https://uketsuke.example.jp");
    }

    @Test
    void anUnknownProviderOrAPlainHttpWebhookAddressIsRefusedAtStart() {
        assertThatThrownBy(() -> bind(Map.of("uketsuke.sms.provider", "carrier-pigeon")))
                .rootCause().hasMessageContaining("twilio or none");
        assertThatThrownBy(() -> bind(Map.of("uketsuke.sms.twilio.webhook-base-url", "http://uketsuke.example.jp")))
                .rootCause().hasMessageContaining("https");
    }
}
