package jp.uketsuke.notify.internal.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * A Discord webhook ({@code https://discord.com/api/webhooks/{id}/{token}}): {@code content} of at most 2000
 * characters, with {@code allowed_mentions: {parse: []}} so that nothing in it can ping anyone, {@code @everyone}
 * included, markdown escaped, and embeds suppressed (flag 4). {@code ?wait=true} makes Discord answer only once the
 * message is stored. A 429 carries Retry-After (and {@code retry_after} in its body). Webhooks take no idempotency
 * key.
 */
@Component
class DiscordChannel implements Channel {

    private static final Pattern PATH = Pattern.compile("/api(/v[0-9]{1,2})?/webhooks/[0-9]{5,25}/[A-Za-z0-9_-]{20,200}");
    private static final String WHAT = "the Discord webhook URL";
    private static final int MAX_CONTENT = 2000;
    private static final int SUPPRESS_EMBEDS = 1 << 2;

    private final OutboundHttp http;
    private final JsonMapper json;

    DiscordChannel(OutboundHttp http, JsonMapper json) {
        this.http = http;
        this.json = json;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.DISCORD;
    }

    @Override
    public void check(Destination destination) throws InvalidDestination {
        URI url = DestinationForm.url(destination, PATH, WHAT, http, true);
        if (url.getRawQuery() != null) {
            throw new InvalidDestination(WHAT + " must not have a query (?…)");
        }
    }

    @Override
    public void send(Destination destination, Notice notice, String idempotencyKey) throws DeliveryFailure {
        URI url;
        try {
            url = DestinationForm.url(destination, PATH, WHAT, http, false);
        } catch (InvalidDestination e) {
            throw DestinationForm.unusable(e);
        }
        OutboundHttp.Answer answer = http.post(URI.create(url.toString().replaceAll("\\?.*$", "") + "?wait=true"),
                Map.of(), "application/json", json.writeValueAsBytes(message(notice)), "Discord");
        if (answer.ok()) {
            return;
        }
        if (answer.status() == 429 && answer.header("Retry-After").isEmpty()) {
            throw DeliveryFailure.temporary("Discord answered HTTP 429", http.retryAfter(retryAfter(answer.body()))
                    .orElse(null), null);
        }
        throw http.failure(answer, "Discord");
    }

    static Map<String, Object> message(Notice notice) {
        StringBuilder content = new StringBuilder("**").append(MessageText.discord(notice.subject())).append("**");
        for (String line : notice.lines()) {
            content.append('\n').append(MessageText.discord(line));
        }
        String link = notice.link() == null ? "" : "\n<" + notice.link().toASCIIString() + ">";
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("content", MessageText.cut(content.toString(), MAX_CONTENT - link.length()) + link);
        message.put("allowed_mentions", Map.of("parse", List.of()));
        message.put("flags", SUPPRESS_EMBEDS);
        return message;
    }

    private String retryAfter(byte[] body) {
        try {
            JsonNode answer = json.readTree(body);
            return answer != null && answer.path("retry_after").isNumber()
                    ? String.valueOf(answer.path("retry_after").asDouble()) : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
