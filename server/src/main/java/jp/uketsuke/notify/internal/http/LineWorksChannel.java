package jp.uketsuke.notify.internal.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.uketsuke.notify.Channel;
import jp.uketsuke.notify.ChannelKind;
import jp.uketsuke.notify.DeliveryFailure;
import jp.uketsuke.notify.Destination;
import jp.uketsuke.notify.InvalidDestination;
import jp.uketsuke.notify.Notice;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * LINE WORKS Bot API 2.0: {@code POST /v1.0/bots/{botId}/channels/{channelId}/messages} (a talk room the bot is in)
 * or {@code …/users/{userId}/messages}, a text message, with an access token from {@link LineWorksTokens}. The
 * destination's address is {@code channels/<id>}, {@code users/<id>} or a bare channel id; its secret is the app's
 * private key (PEM); its options hold {@code client-id}, {@code client-secret}, {@code service-account},
 * {@code bot-id} and optionally {@code scope} (default {@code bot}). A refused token is dropped and asked for once
 * more before the message fails. The Bot API takes no idempotency key.
 */
@Component
class LineWorksChannel implements Channel {

    private static final Pattern ADDRESS = Pattern.compile("(?:(channels|users)/)?([A-Za-z0-9._@-]{1,128})");
    private static final Pattern CLIENT = Pattern.compile("[A-Za-z0-9_-]{4,128}");
    private static final Pattern SERVICE_ACCOUNT = Pattern.compile("[A-Za-z0-9._-]{1,128}@[A-Za-z0-9._-]{1,128}");
    private static final Pattern BOT_ID = Pattern.compile("[0-9]{1,19}");
    private static final Pattern SCOPE = Pattern.compile("[a-z.]{1,64}(,[a-z.]{1,64}){0,9}");
    private static final int MAX_TEXT = 2000;

    private record Target(String bot, String kind, String id, LineWorksTokens.Credentials credentials) {
    }

    private final OutboundHttp http;
    private final JsonMapper json;
    private final LineWorksTokens tokens;

    LineWorksChannel(OutboundHttp http, JsonMapper json, Clock clock) {
        this.http = http;
        this.json = json;
        this.tokens = new LineWorksTokens(http, json, clock);
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.LINE_WORKS;
    }

    @Override
    public void check(Destination destination) throws InvalidDestination {
        target(destination);
        http.checkUrl(http.properties().lineWorksAuthUrl(), "the LINE WORKS token URL "
                + "(uketsuke.notify.line-works-auth-url)", true);
        http.checkUrl(http.properties().lineWorksApiUrl(), "the LINE WORKS API URL "
                + "(uketsuke.notify.line-works-api-url)", true);
    }

    @Override
    public void send(Destination destination, Notice notice, String idempotencyKey) throws DeliveryFailure {
        Target target;
        try {
            target = target(destination);
        } catch (InvalidDestination e) {
            throw DestinationForm.unusable(e);
        }
        URI url = URI.create(http.properties().lineWorksApiUrl() + "/bots/" + target.bot() + "/" + target.kind()
                + "/" + target.id() + "/messages");
        byte[] body = json.writeValueAsBytes(Map.of("content", Map.of("type", "text", "text", text(notice))));
        OutboundHttp.Answer answer = post(url, body, target);
        if (answer.status() == 401) {
            tokens.forget(target.credentials()); // revoked or expired early: one fresh token, once
            answer = post(url, body, target);
            if (answer.status() == 401) {
                tokens.forget(target.credentials());
            }
        }
        if (!answer.ok()) {
            throw http.failure(answer, "LINE WORKS");
        }
    }

    private OutboundHttp.Answer post(URI url, byte[] body, Target target) throws DeliveryFailure {
        return http.post(url, Map.of("Authorization", "Bearer " + tokens.token(target.credentials())),
                "application/json; charset=utf-8", body, "LINE WORKS");
    }

    static String text(Notice notice) {
        StringBuilder text = new StringBuilder(MessageText.lineWorks(notice.subject()));
        for (String line : notice.lines()) {
            text.append('\n').append(MessageText.lineWorks(line));
        }
        String link = notice.link() == null ? "" : "\n" + notice.link().toASCIIString();
        return MessageText.cut(text.toString(), MAX_TEXT - link.length()) + link;
    }

    private static Target target(Destination destination) throws InvalidDestination {
        Matcher address = ADDRESS.matcher(destination.address().strip());
        if (!address.matches()) {
            throw new InvalidDestination("the LINE WORKS address must be a channel id (channels/<id>) or a user "
                    + "(users/<id>)");
        }
        Map<String, String> options = destination.options();
        String clientId = DestinationForm.value(options.get("client-id"), CLIENT, "the LINE WORKS client id");
        String clientSecret = DestinationForm.value(options.get("client-secret"), CLIENT,
                "the LINE WORKS client secret");
        String account = DestinationForm.value(options.get("service-account"), SERVICE_ACCOUNT,
                "the LINE WORKS service account (…serviceaccount@…)");
        String bot = DestinationForm.value(options.get("bot-id"), BOT_ID, "the LINE WORKS bot id");
        String scope = options.get("scope") == null ? "bot"
                : DestinationForm.value(options.get("scope"), SCOPE, "the LINE WORKS scope");
        if (destination.secret().isBlank()) {
            throw new InvalidDestination("the LINE WORKS private key is missing");
        }
        var credentials = new LineWorksTokens.Credentials(clientId, clientSecret, account,
                LineWorksTokens.privateKey(destination.secret().strip()), scope);
        String kind = address.group(1) == null ? "channels" : address.group(1);
        return new Target(bot, kind, java.net.URLEncoder.encode(address.group(2), StandardCharsets.UTF_8),
                credentials);
    }
}
