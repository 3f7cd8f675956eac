package jp.uketsuke.notify.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.uketsuke.notify.ChannelKind;
import jp.uketsuke.notify.DeliveryFailure;
import jp.uketsuke.notify.Destination;
import jp.uketsuke.notify.InvalidDestination;
import jp.uketsuke.notify.Notice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Slack (webhook and chat.postMessage), Teams Workflows, Chatwork and Discord, each against a local HTTPS server that
 * checks the request as the service would and answers as it does — including a caller who tries to page everyone.
 */
class ChatChannelsTest {

    /** What a hostile caller might say, in every service's markup. */
    static final String HOSTILE = "<!channel> <@U123> @everyone [toall][To:123] **太字** [link](https://evil.example) &";
    static final Notice NOTICE = new Notice(UUID.randomUUID(), "着信: 山田様 <!here>",
            List.of("折り返し希望です", HOSTILE), URI.create("https://console.example/calls/42"));

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SLACK_TOKEN = "xoxb-1234567890-abcdefABCDEF";
    private static final String CHATWORK_TOKEN = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;
    private FakeReceiver receiver;
    private OutboundHttp http;

    @BeforeEach
    void start() throws Exception {
        receiver = FakeReceiver.trusted();
        http = new OutboundHttp(OutboundHttpTest.properties(FakeReceiver.caPem(dir), List.of("localhost"),
                List.of("localhost"), Duration.ofSeconds(3), receiver.url("/")), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        http.close();
        receiver.close();
    }

    private static Destination destination(ChannelKind kind, String address, String secret) {
        return OutboundHttpTest.destination(kind, address, secret);
    }

    private static JsonNode json(FakeReceiver.Request request) {
        return JSON.readTree(request.body());
    }

    @Test
    void slackWebhookPostsBlocksAndTextWithTheCallersWordsEscaped() throws Exception {
        var channel = new SlackWebhookChannel(http, JSON);
        Destination destination = destination(ChannelKind.SLACK_WEBHOOK,
                receiver.url("/services/T0001ABC/B0002DEF/abcdefghijklmnopqrstuvwx").toString(), "");
        channel.check(destination);
        channel.send(destination, NOTICE, "key-1");

        FakeReceiver.Request request = receiver.only();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Content-Type")).startsWith("application/json");
        JsonNode message = json(request);
        assertThat(message.path("text").asString()).contains("&lt;!channel&gt;", "&lt;@U123&gt;", "&amp;")
                .doesNotContain("<!channel>", "<!here>", "<@U123>");
        JsonNode blocks = message.path("blocks");
        assertThat(blocks.get(0).path("type").asString()).isEqualTo("header");
        assertThat(blocks.get(0).path("text").path("type").asString()).isEqualTo("plain_text");
        assertThat(blocks.get(2).path("text").path("text").asString()).startsWith("&lt;!channel&gt;");
        assertThat(blocks.get(2).path("text").path("verbatim").asBoolean()).isTrue();
        assertThat(blocks.get(3).path("text").path("text").asString()).isEqualTo("<https://console.example/calls/42>");
        assertThat(message.path("unfurl_links").asBoolean(true)).isFalse();
    }

    @Test
    void slackWebhookUrlsOfAnotherFormAreInvalid() {
        var channel = new SlackWebhookChannel(http, JSON);
        assertThatThrownBy(() -> channel.check(destination(ChannelKind.SLACK_WEBHOOK,
                receiver.url("/workflows/whatever").toString(), ""))).isInstanceOf(InvalidDestination.class)
                .hasMessageContaining("Slack webhook URL");
    }

    @Test
    void slackApiPostsToTheChannelWithTheBotToken() throws Exception {
        receiver.answer(r -> FakeReceiver.Reply.json(200, "{\"ok\":true,\"channel\":\"C0123ABCD\",\"ts\":\"1.2\"}"));
        var channel = new SlackApiChannel(http, JSON);
        Destination destination = destination(ChannelKind.SLACK_API, "C0123ABCD", SLACK_TOKEN);
        channel.check(destination);
        channel.send(destination, NOTICE, "key-1");

        FakeReceiver.Request request = receiver.only();
        assertThat(request.path()).isEqualTo("/api/chat.postMessage");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + SLACK_TOKEN);
        JsonNode message = json(request);
        assertThat(message.path("channel").asString()).isEqualTo("C0123ABCD");
        assertThat(message.path("blocks").isArray()).isTrue();
        assertThat(message.path("text").asString()).doesNotContain("<!channel>");
    }

    @Test
    void slackApiOkFalseWithARevokedTokenOrMissingChannelFailsForGood() throws Exception {
        var channel = new SlackApiChannel(http, JSON);
        Destination destination = destination(ChannelKind.SLACK_API, "C0123ABCD", SLACK_TOKEN);
        for (String error : List.of("token_revoked", "invalid_auth", "account_inactive", "channel_not_found")) {
            receiver.answer(r -> FakeReceiver.Reply.json(200, "{\"ok\":false,\"error\":\"" + error + "\"}"));
            assertThatThrownBy(() -> channel.send(destination, NOTICE, "k"))
                    .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
                        assertThat(f.retryable()).as(error).isFalse();
                        assertThat(f.getMessage()).contains(error).doesNotContain(SLACK_TOKEN);
                    });
        }
    }

    @Test
    void slackApiRateLimitMayBeTriedAgainAfterRetryAfter() throws Exception {
        var channel = new SlackApiChannel(http, JSON);
        Destination destination = destination(ChannelKind.SLACK_API, "C0123ABCD", SLACK_TOKEN);
        receiver.answer(r -> FakeReceiver.Reply.json(429, "{\"ok\":false,\"error\":\"ratelimited\"}")
                .with("Retry-After", "12"));
        assertThatThrownBy(() -> channel.send(destination, NOTICE, "k"))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
                    assertThat(f.retryable()).isTrue();
                    assertThat(f.retryAfter()).contains(Duration.ofSeconds(12));
                });
    }

    @Test
    void slackApiRefusesMalformedChannelsAndTokensWithoutEchoingThem() {
        var channel = new SlackApiChannel(http, JSON);
        assertThatThrownBy(() -> channel.check(destination(ChannelKind.SLACK_API, "#general", SLACK_TOKEN)))
                .isInstanceOf(InvalidDestination.class).hasMessageContaining("channel id");
        assertThatThrownBy(() -> channel.check(destination(ChannelKind.SLACK_API, "C0123ABCD", "hunter2-not-a-token")))
                .isInstanceOf(InvalidDestination.class).hasMessageNotContaining("hunter2");
    }

    @Test
    void teamsPostsAnAdaptiveCardWhoseTextIsNeverMarkdown() throws Exception {
        receiver.answer(r -> FakeReceiver.Reply.of(202, ""));
        var channel = new TeamsChannel(http, JSON);
        Destination destination = destination(ChannelKind.TEAMS, receiver.url("/powerautomate/automations/direct"
                + "/workflows/3f297b36509c41bfb5123777965aabb5/triggers/manual/paths/invoke?api-version=1&sp=%2F"
                + "triggers%2Fmanual%2Frun&sv=1.0&sig=abcdef").toString(), "");
        channel.check(destination);
        channel.send(destination, NOTICE, "key-1");

        FakeReceiver.Request request = receiver.only();
        assertThat(request.query()).contains("sig=abcdef");
        JsonNode message = json(request);
        assertThat(message.path("type").asString()).isEqualTo("message");
        JsonNode attachment = message.path("attachments").get(0);
        assertThat(attachment.path("contentType").asString()).isEqualTo("application/vnd.microsoft.card.adaptive");
        JsonNode card = attachment.path("content");
        assertThat(card.path("type").asString()).isEqualTo("AdaptiveCard");
        assertThat(card.path("version").asString()).isEqualTo("1.4");
        for (JsonNode block : card.path("body")) {
            assertThat(block.path("type").asString()).isEqualTo("RichTextBlock");
            assertThat(block.path("inlines").get(0).path("type").asString()).isEqualTo("TextRun");
        }
        assertThat(card.path("body").get(2).path("inlines").get(0).path("text").asString()).isEqualTo(HOSTILE);
        assertThat(card.path("body").get(3).path("inlines").get(0).path("selectAction").path("url").asString())
                .isEqualTo("https://console.example/calls/42");
    }

    @Test
    void teamsUrlWithoutItsSignatureIsInvalid() {
        var channel = new TeamsChannel(http, JSON);
        assertThatThrownBy(() -> channel.check(destination(ChannelKind.TEAMS, receiver.url("/workflows/"
                + "3f297b36509c41bf/triggers/manual/paths/invoke?api-version=1").toString(), "")))
                .isInstanceOf(InvalidDestination.class).hasMessageContaining("sig=");
    }

    @Test
    void chatworkPostsAFormWithTheTokenHeaderAndNoTagsFromTheCaller() throws Exception {
        receiver.answer(r -> FakeReceiver.Reply.json(200, "{\"message_id\":\"1234\"}"));
        var channel = new ChatworkChannel(http, Clock.systemUTC());
        Destination destination = destination(ChannelKind.CHATWORK, "123456789", CHATWORK_TOKEN);
        channel.check(destination);
        channel.send(destination, NOTICE, "key-1");

        FakeReceiver.Request request = receiver.only();
        assertThat(request.path()).isEqualTo("/v2/rooms/123456789/messages");
        assertThat(request.header("X-ChatWorkToken")).isEqualTo(CHATWORK_TOKEN);
        assertThat(request.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        Map<String, String> form = form(request.text());
        String body = form.get("body");
        assertThat(body).startsWith("[info][title]着信: 山田様 <!here>[/title]").endsWith("[/info]");
        assertThat(body).contains("［toall］［To:123］").doesNotContain("[toall]", "[To:123]");
        assertThat(body.replace("[info]", "").replace("[/info]", "").replace("[title]", "").replace("[/title]", ""))
                .doesNotContain("[", "]");
        assertThat(form.get("self_unread")).isEqualTo("0");
    }

    @Test
    void chatworkRevokedTokenFailsForGoodAndRateLimitWaitsForTheReset() throws Exception {
        var channel = new ChatworkChannel(http, Clock.systemUTC());
        Destination destination = destination(ChannelKind.CHATWORK, "123456789", CHATWORK_TOKEN);
        receiver.answer(r -> FakeReceiver.Reply.json(401, "{\"errors\":[\"Invalid API token\"]}"));
        assertThatThrownBy(() -> channel.send(destination, NOTICE, "k"))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
                    assertThat(f.retryable()).isFalse();
                    assertThat(f.getMessage()).contains("401").doesNotContain("Invalid API token", CHATWORK_TOKEN);
                });
        long reset = Clock.systemUTC().instant().getEpochSecond() + 60;
        receiver.answer(r -> FakeReceiver.Reply.json(429, "{\"errors\":[\"Rate limit\"]}")
                .with("x-ratelimit-reset", Long.toString(reset)));
        assertThatThrownBy(() -> channel.send(destination, NOTICE, "k"))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
                    assertThat(f.retryable()).isTrue();
                    assertThat(f.retryAfter()).get().satisfies(d ->
                            assertThat(d).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60)));
                });
    }

    @Test
    void chatworkRoomIdsAreDigitsAndTokensAreNotEchoed() {
        var channel = new ChatworkChannel(http, Clock.systemUTC());
        for (String room : List.of("rid123", "12/../34", "-1", "1".repeat(30))) {
            assertThatThrownBy(() -> channel.check(destination(ChannelKind.CHATWORK, room, CHATWORK_TOKEN)))
                    .isInstanceOf(InvalidDestination.class).hasMessageContaining("room id");
        }
        assertThatThrownBy(() -> channel.check(destination(ChannelKind.CHATWORK, "123", "tok en\r\nX-Evil: 1")))
                .isInstanceOf(InvalidDestination.class).hasMessageNotContaining("Evil");
    }

    @Test
    void discordSendsContentThatMentionsNoOneAndWaitsForTheMessage() throws Exception {
        receiver.answer(r -> FakeReceiver.Reply.json(200, "{\"id\":\"1\"}"));
        var channel = new DiscordChannel(http, JSON);
        Destination destination = destination(ChannelKind.DISCORD,
                receiver.url("/api/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyz_-0123").toString(), "");
        channel.check(destination);
        channel.send(destination, NOTICE, "key-1");

        FakeReceiver.Request request = receiver.only();
        assertThat(request.query()).isEqualTo("wait=true");
        JsonNode message = json(request);
        assertThat(message.path("allowed_mentions").path("parse").isArray()).isTrue();
        assertThat(message.path("allowed_mentions").path("parse").size()).isZero();
        String content = message.path("content").asString();
        assertThat(content).contains("\\@everyone", "\\<\\@U123\\>", "\\*\\*太字\\*\\*", "\\[link\\]")
                .endsWith("\n<https://console.example/calls/42>");
        assertThat(content.length()).isLessThanOrEqualTo(2000);
    }

    @Test
    void discordRateLimitReadsRetryAfterFromTheBodyWhenTheHeaderIsMissing() throws Exception {
        receiver.answer(r -> FakeReceiver.Reply.json(429, "{\"message\":\"You are being rate limited.\","
                + "\"retry_after\":2.5,\"global\":false}"));
        var channel = new DiscordChannel(http, JSON);
        Destination destination = destination(ChannelKind.DISCORD,
                receiver.url("/api/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyz_-0123").toString(), "");
        assertThatThrownBy(() -> channel.send(destination, NOTICE, "k"))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
                    assertThat(f.retryable()).isTrue();
                    assertThat(f.retryAfter()).contains(Duration.ofMillis(2500));
                });
    }

    @Test
    void aLongNoticeIsCutToWhatEachServiceTakes() throws Exception {
        Notice longNotice = new Notice(UUID.randomUUID(), "件名", List.of("あ".repeat(5000), "🎌".repeat(3000)), null);
        receiver.answer(r -> FakeReceiver.Reply.json(200, "{}"));
        var channel = new DiscordChannel(http, JSON);
        channel.send(destination(ChannelKind.DISCORD,
                receiver.url("/api/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyz_-0123").toString(), ""),
                longNotice, "k");
        String content = json(receiver.only()).path("content").asString();
        assertThat(content.length()).isLessThanOrEqualTo(2000);
        assertThat(content).endsWith("…");
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new java.util.LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }
}
