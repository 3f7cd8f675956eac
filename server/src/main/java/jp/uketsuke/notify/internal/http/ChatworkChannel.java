package jp.uketsuke.notify.internal.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import jp.uketsuke.notify.Channel;
import jp.uketsuke.notify.ChannelKind;
import jp.uketsuke.notify.DeliveryFailure;
import jp.uketsuke.notify.Destination;
import jp.uketsuke.notify.InvalidDestination;
import jp.uketsuke.notify.Notice;
import org.springframework.stereotype.Component;

/**
 * Chatwork API v2: {@code POST /v2/rooms/{room_id}/messages} with a form {@code body=} and the API token of a
 * dedicated bot account in {@code X-ChatWorkToken} (the destination's secret; the room id is its address). The
 * notice is framed in our own {@code [info][title]} tags; a caller's brackets are made full-width so they cannot
 * open tags of their own ({@code [toall]}, {@code [To:…]}). Chatwork answers 401 for a bad token, 403/404 for a room
 * the account is not in, 429 with {@code x-ratelimit-reset} when over 300 requests in 5 minutes. It takes no
 * idempotency key.
 */
@Component
class ChatworkChannel implements Channel {

    private static final Pattern ROOM_ID = Pattern.compile("[1-9][0-9]{0,18}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9]{16,128}");
    private static final int MAX_BODY = 10_000;

    private final OutboundHttp http;
    private final Clock clock;

    ChatworkChannel(OutboundHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.CHATWORK;
    }

    @Override
    public void check(Destination destination) throws InvalidDestination {
        DestinationForm.value(destination.address(), ROOM_ID, "the Chatwork room id (the digits after rid in the "
                + "room's address)");
        DestinationForm.secret(destination, TOKEN, "the Chatwork API token");
        http.checkUrl(http.properties().chatworkApiUrl(), "the Chatwork API URL (uketsuke.notify.chatwork-api-url)",
                true);
    }

    @Override
    public void send(Destination destination, Notice notice, String idempotencyKey) throws DeliveryFailure {
        String room;
        String token;
        try {
            room = DestinationForm.value(destination.address(), ROOM_ID, "the Chatwork room id");
            token = DestinationForm.secret(destination, TOKEN, "the Chatwork API token");
        } catch (InvalidDestination e) {
            throw DestinationForm.unusable(e);
        }
        URI url = URI.create(http.properties().chatworkApiUrl() + "/rooms/" + room + "/messages");
        String form = "body=" + URLEncoder.encode(body(notice), StandardCharsets.UTF_8) + "&self_unread=0";
        OutboundHttp.Answer answer = http.post(url, Map.of("X-ChatWorkToken", token, "Accept", "application/json"),
                "application/x-www-form-urlencoded; charset=utf-8", form.getBytes(StandardCharsets.UTF_8), "Chatwork");
        if (answer.ok()) {
            return;
        }
        if (answer.status() == 429 && answer.header("Retry-After").isEmpty()) {
            throw DeliveryFailure.temporary("Chatwork answered HTTP 429", resetIn(answer), null);
        }
        throw http.failure(answer, "Chatwork");
    }

    static String body(Notice notice) {
        StringBuilder text = new StringBuilder("[info][title]")
                .append(MessageText.chatwork(notice.subject()).replace('\n', ' ')).append("[/title]");
        for (String line : notice.lines()) {
            text.append(MessageText.chatwork(line)).append('\n');
        }
        if (notice.link() != null) {
            text.append(notice.link().toASCIIString());
        }
        String framed = MessageText.cut(text.toString().strip(), MAX_BODY - 16);
        return framed + "[/info]";
    }

    /** Chatwork's {@code x-ratelimit-reset}: the epoch second its window starts again. */
    private Duration resetIn(OutboundHttp.Answer answer) {
        String reset = answer.header("x-ratelimit-reset").orElse("");
        if (!reset.matches("[0-9]{1,12}")) {
            return null;
        }
        Duration wait = Duration.between(clock.instant(), Instant.ofEpochSecond(Long.parseLong(reset)));
        return http.retryAfter(String.valueOf(Math.max(0, wait.toSeconds()))).orElse(null);
    }
}
