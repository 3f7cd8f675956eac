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
 * destination's address is {@code channels/<id>}, {@code users/<id>} or a bare channel id; its secret (sealed) is the
 * app's client secret on the first line, then its private key (PEM) — see {@link #credentials}; its options (stored
 * in plain) hold {@code client-id}, {@code service-account}, {@code bot-id} and optionally {@code scope} (default
 * {@code bot}), and never the client secret. A refused token is dropped and asked for once more before the message
 * fails. The Bot API takes no idempotency key.
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
        if (options.containsKey("client-secret")) {
            // options are stored unsealed and shown in the console: a secret there would be in the clear
            throw new InvalidDestination("the LINE WORKS client secret must not be an option (options are not kept "
                    + "secret): put it on the first line of the secret field, followed by the private key");
        }
        String clientId = DestinationForm.value(options.get("client-id"), CLIENT, "the LINE WORKS client id");
        String account = DestinationForm.value(options.get("service-account"), SERVICE_ACCOUNT,
                "the LINE WORKS service account (…serviceaccount@…)");
        String bot = DestinationForm.value(options.get("bot-id"), BOT_ID, "the LINE WORKS bot id");
        String scope = options.get("scope") == null ? "bot"
                : DestinationForm.value(options.get("scope"), SCOPE, "the LINE WORKS scope");
        String[] secret = credentials(destination.secret());
        var credentials = new LineWorksTokens.Credentials(clientId, secret[0], account,
                LineWorksTokens.privateKey(secret[1]), scope);
        String kind = address.group(1) == null ? "channels" : address.group(1);
        return new Target(bot, kind, java.net.URLEncoder.encode(address.group(2), StandardCharsets.UTF_8),
                credentials);
    }

    /**
     * The sealed secret field: the client secret alone on the first line, then the private key as LINE WORKS gives it
     * (PEM, from {@code -----BEGIN}); blank lines around either are ignored. Returns {client secret, PEM}. Messages
     * say what is wrong, never what was written.
     */
    static String[] credentials(String secret) throws InvalidDestination {
        String text = secret == null ? "" : secret.strip();
        if (text.isEmpty()) {
            throw new InvalidDestination("the LINE WORKS secret is missing: the client secret on the first line, then "
                    + "the private key");
        }
        int newline = text.indexOf('\n');
        String first = (newline < 0 ? text : text.substring(0, newline)).strip();
        if (first.startsWith("-----BEGIN")) {
            throw new InvalidDestination("the LINE WORKS client secret is missing: put it on the first line of the "
                    + "secret field, before the private key");
        }
        String clientSecret = DestinationForm.value(first, CLIENT, "the LINE WORKS client secret (first line)");
        String pem = newline < 0 ? "" : text.substring(newline + 1).strip();
        if (pem.isEmpty()) {
            throw new InvalidDestination("the LINE WORKS private key is missing: it follows the client secret");
        }
        if (!pem.startsWith("-----BEGIN")) {
            throw new InvalidDestination("the LINE WORKS secret must be the client secret on one line, then the "
                    + "private key (PEM, from -----BEGIN)");
        }
        return new String[] {clientSecret, pem};
    }
}
