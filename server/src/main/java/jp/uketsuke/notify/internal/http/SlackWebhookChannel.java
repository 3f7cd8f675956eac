package jp.uketsuke.notify.internal.http;

import java.net.URI;
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
 * A Slack incoming webhook ({@code https://hooks.slack.com/services/T…/B…/…}): the URL is the credential, the body is
 * the message. Slack answers 200 "ok", or 400/403/404/410 with a word saying why (invalid_payload, action_prohibited,
 * no_service, channel_is_archived), all of which need someone to act, or 429/5xx. Webhooks take no idempotency key.
 */
@Component
class SlackWebhookChannel implements Channel {

    private static final Pattern PATH = Pattern.compile("/services/[A-Z0-9]{2,32}/[A-Z0-9]{2,32}/[A-Za-z0-9]{8,64}");
    private static final String WHAT = "the Slack webhook URL";

    private final OutboundHttp http;
    private final JsonMapper json;

    SlackWebhookChannel(OutboundHttp http, JsonMapper json) {
        this.http = http;
        this.json = json;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.SLACK_WEBHOOK;
    }

    @Override
    public void check(Destination destination) throws InvalidDestination {
        DestinationForm.url(destination, PATH, WHAT, http, true);
    }

    @Override
    public void send(Destination destination, Notice notice, String idempotencyKey) throws DeliveryFailure {
        URI url;
        try {
            url = DestinationForm.url(destination, PATH, WHAT, http, false);
        } catch (InvalidDestination e) {
            throw DestinationForm.unusable(e);
        }
        OutboundHttp.Answer answer = http.post(url, Map.of(), "application/json; charset=utf-8",
                json.writeValueAsBytes(SlackMessage.of(notice)), "Slack");
        if (!answer.ok()) {
            throw http.failure(answer, "Slack");
        }
    }
}
