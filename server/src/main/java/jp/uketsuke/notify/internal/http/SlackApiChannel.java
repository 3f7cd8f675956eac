package jp.uketsuke.notify.internal.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jp.uketsuke.notify.Channel;
import jp.uketsuke.notify.ChannelKind;
import jp.uketsuke.notify.DeliveryFailure;
import jp.uketsuke.notify.Destination;
import jp.uketsuke.notify.InvalidDestination;
import jp.uketsuke.notify.Notice;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Slack's {@code chat.postMessage} with a bot token ({@code xoxb-…}, the destination's secret) to a channel id (its
 * address; the bot must be in the channel). Slack answers HTTP 200 with {@code "ok": false} and an error word for
 * most failures, so the word decides: a revoked token, a deleted or archived channel will not heal by themselves;
 * {@code ratelimited} (or HTTP 429 with Retry-After) and Slack's own troubles may. chat.postMessage takes no
 * idempotency key.
 */
@Component
class SlackApiChannel implements Channel {

    private static final Pattern CHANNEL_ID = Pattern.compile("[CGD][A-Z0-9]{6,20}");
    private static final Pattern BOT_TOKEN = Pattern.compile("xox[bp]-[A-Za-z0-9-]{10,250}");
    /** Slack's words for its own passing troubles; every other error needs someone to act. */
    private static final Set<String> PASSING = Set.of("ratelimited", "rate_limited", "internal_error", "fatal_error",
            "service_unavailable", "request_timeout", "team_added_to_org");

    private final OutboundHttp http;
    private final JsonMapper json;

    SlackApiChannel(OutboundHttp http, JsonMapper json) {
        this.http = http;
        this.json = json;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.SLACK_API;
    }

    @Override
    public void check(Destination destination) throws InvalidDestination {
        DestinationForm.value(destination.address(), CHANNEL_ID, "the Slack channel id (C…, as in the channel's "
                + "details)");
        DestinationForm.secret(destination, BOT_TOKEN, "the Slack bot token (xoxb-…)");
        http.checkUrl(endpoint(), "the Slack API URL (uketsuke.notify.slack-api-url)", true);
    }

    @Override
    public void send(Destination destination, Notice notice, String idempotencyKey) throws DeliveryFailure {
        String channel;
        String token;
        try {
            channel = DestinationForm.value(destination.address(), CHANNEL_ID, "the Slack channel id");
            token = DestinationForm.secret(destination, BOT_TOKEN, "the Slack bot token");
        } catch (InvalidDestination e) {
            throw DestinationForm.unusable(e);
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("channel", channel);
        message.putAll(SlackMessage.of(notice));
        OutboundHttp.Answer answer = http.post(endpoint(), Map.of("Authorization", "Bearer " + token),
                "application/json; charset=utf-8", json.writeValueAsBytes(message), "Slack");
        if (!answer.ok()) {
            throw http.failure(answer, "Slack");
        }
        String error = error(answer.body());
        if (error == null) {
            return;
        }
        if (PASSING.contains(error)) {
            throw DeliveryFailure.temporary("Slack answered " + error,
                    http.retryAfter(answer.header("Retry-After").orElse(null)).orElse(null), null);
        }
        throw DeliveryFailure.permanent("Slack answered " + error + switch (error) {
            case "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive" ->
                    " (the bot token no longer works: install the app again and enter its new token)";
            case "channel_not_found", "is_archived", "not_in_channel" ->
                    " (the channel is gone, archived, or the bot is not a member)";
            default -> "";
        }, null);
    }

    /** Slack's error word when it says {@code ok: false}, limited to what an error word looks like; else null. */
    private String error(byte[] body) {
        JsonNode answer;
        try {
            answer = json.readTree(body);
        } catch (JacksonException e) {
            return null; // taken by HTTP status; an unreadable answer must not post the same message twice
        }
        if (answer == null || !answer.isObject() || answer.path("ok").asBoolean(true)) {
            return null;
        }
        String error = answer.path("error").asString("unknown");
        return error.matches("[a-z_]{1,64}") ? error : "unknown";
    }

    private URI endpoint() {
        return URI.create(http.properties().slackApiUrl() + "/chat.postMessage");
    }
}
