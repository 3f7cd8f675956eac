package jp.uketsuke.notify.internal.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * Any HTTPS receiver an installation allows, signed as Standard Webhooks sign: {@code webhook-id} (the same on every
 * attempt of one delivery, also sent as {@code Idempotency-Key}), {@code webhook-timestamp} (Unix seconds) and
 * {@code webhook-signature}, HMAC-SHA256 with the destination's {@code whsec_} secret. The body is JSON:
 * {@code {"type": "notice", "timestamp", "data": {"id", "subject", "lines", "link"}}}. docs/WEBHOOKS.md is the
 * receiver's side.
 */
@Component
class WebhookChannel implements Channel {

    static final String TYPE = "notice";
    private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final String WHAT = "the webhook URL";

    private final OutboundHttp http;
    private final JsonMapper json;
    private final Clock clock;

    WebhookChannel(OutboundHttp http, JsonMapper json, Clock clock) {
        this.http = http;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.WEBHOOK;
    }

    @Override
    public void check(Destination destination) throws InvalidDestination {
        DestinationForm.url(destination, null, WHAT, http, true);
        key(destination);
    }

    @Override
    public void send(Destination destination, Notice notice, String idempotencyKey) throws DeliveryFailure {
        URI url;
        byte[] key;
        try {
            url = DestinationForm.url(destination, null, WHAT, http, false);
            key = key(destination);
        } catch (InvalidDestination e) {
            throw DestinationForm.unusable(e);
        }
        String id = messageId(idempotencyKey);
        Instant now = clock.instant();
        long timestamp = now.getEpochSecond();
        byte[] body = json.writeValueAsBytes(payload(notice, now));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", WebhookSignature.sign(key, id, timestamp, body));
        headers.put("Idempotency-Key", id);
        OutboundHttp.Answer answer = http.post(url, headers, "application/json", body, "the webhook receiver");
        if (!answer.ok()) {
            throw http.failure(answer, "the webhook receiver");
        }
    }

    static Map<String, Object> payload(Notice notice, Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", notice.id().toString());
        data.put("subject", notice.subject());
        data.put("lines", notice.lines());
        data.put("link", notice.link() == null ? null : notice.link().toASCIIString());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", TYPE);
        payload.put("timestamp", now.toString());
        payload.put("data", data);
        return payload;
    }

    /** The idempotency key as it is, when it fits a header; else a digest of it, still the same on every attempt. */
    static String messageId(String idempotencyKey) {
        if (idempotencyKey != null && MESSAGE_ID.matcher(idempotencyKey).matches()) {
            return idempotencyKey;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(idempotencyKey).getBytes(StandardCharsets.UTF_8));
            return "msg_" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static byte[] key(Destination destination) throws InvalidDestination {
        byte[] key = WebhookSignature.key(destination.secret().strip());
        if (key == null) {
            throw new InvalidDestination("the signing secret must be whsec_ followed by " + WebhookSignature.MIN_KEY_BYTES
                    + " to " + WebhookSignature.MAX_KEY_BYTES + " bytes in base64 (it is not shown here)");
        }
        return key;
    }
}
