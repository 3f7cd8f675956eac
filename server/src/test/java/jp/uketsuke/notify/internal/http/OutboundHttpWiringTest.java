package jp.uketsuke.notify.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.EnumSet;
import jp.uketsuke.notify.Channel;
import jp.uketsuke.notify.ChannelKind;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.json.JsonMapper;

/** The channels are beans, one per HTTP kind, bound from {@code uketsuke.notify.*} as application.properties sets it. */
class OutboundHttpWiringTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(OutboundHttpConfiguration.class)
            .withBean(Clock.class, Clock::systemUTC)
            .withBean(JsonMapper.class, () -> JsonMapper.builder().build())
            .withBean(OutboundHttp.class)
            .withBean(SlackWebhookChannel.class).withBean(SlackApiChannel.class).withBean(TeamsChannel.class)
            .withBean(ChatworkChannel.class).withBean(LineWorksChannel.class).withBean(DiscordChannel.class)
            .withBean(WebhookChannel.class);

    @Test
    void everyHttpKindHasOneChannelAndEmptySettingsMeanTheDefaults() {
        context.withPropertyValues("uketsuke.notify.allowed-hosts=", "uketsuke.notify.private-hosts-allowed=",
                "uketsuke.notify.tls-trust=", "uketsuke.notify.request-timeout=15s").run(app -> {
                    assertThat(app).hasNotFailed();
                    EnumSet<ChannelKind> kinds = EnumSet.noneOf(ChannelKind.class);
                    app.getBeansOfType(Channel.class).values().forEach(c -> assertThat(kinds.add(c.kind())).isTrue());
                    assertThat(kinds).isEqualTo(EnumSet.complementOf(EnumSet.of(ChannelKind.EMAIL)));
                    OutboundHttpProperties properties = app.getBean(OutboundHttpProperties.class);
                    assertThat(properties.allowedHosts()).isEqualTo(OutboundHttpProperties.SERVICE_HOSTS);
                    assertThat(properties.privateHostsAllowed()).isEmpty();
                });
    }

    @Test
    void anInstallationsOwnHostsReplaceTheDefaults() {
        context.withPropertyValues("uketsuke.notify.allowed-hosts=hooks.example.jp, *.Receiver.example.",
                "uketsuke.notify.private-hosts-allowed=[fd00::5]").run(app -> {
                    OutboundHttpProperties properties = app.getBean(OutboundHttpProperties.class);
                    assertThat(properties.allowedHosts()).containsExactly("hooks.example.jp", "*.receiver.example");
                    assertThat(properties.privateHostsAllowed()).containsExactly("fd00::5");
                });
    }

    @Test
    void anHttpApiUrlIsRefusedAtStartUp() {
        context.withPropertyValues("uketsuke.notify.slack-api-url=http://slack.example/api")
                .run(app -> assertThat(app).hasFailed());
    }
}
