package jp.uketsuke.notify.internal.http;

import java.net.URI;
import java.util.ArrayList;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * Microsoft Teams through a Workflows webhook (Power Automate's "When a Teams webhook request is received"; the
 * retired Office 365 connectors are not supported): a message with one Adaptive Card attachment, which the workflow
 * posts to its channel. The URL is the credential ({@code sig=} in its query). Workflows answer 202 Accepted.
 *
 * <p>The card carries text only in {@code RichTextBlock} {@code TextRun}s, which Teams does not read as markdown, so
 * a caller's words cannot become links or formatting; Adaptive Cards have no mentions without an explicit entity.
 * Workflows take no idempotency key.
 */
@Component
class TeamsChannel implements Channel {

    /** Logic Apps ({@code /workflows/…/triggers/manual/paths/invoke}) and Power Platform ({@code /powerautomate/…}). */
    private static final Pattern PATH = Pattern.compile(
            "(/powerautomate/automations/direct)?/workflows/[A-Za-z0-9]{8,64}/triggers/[A-Za-z0-9_]{1,64}/paths/invoke");
    private static final String WHAT = "the Teams Workflows URL";
    private static final int MAX_RUN = 4000;
    private static final int MAX_LINES = 40;

    private final OutboundHttp http;
    private final JsonMapper json;

    TeamsChannel(OutboundHttp http, JsonMapper json) {
        this.http = http;
        this.json = json;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.TEAMS;
    }

    @Override
    public void check(Destination destination) throws InvalidDestination {
        URI url = DestinationForm.url(destination, PATH, WHAT, http, true);
        if (url.getRawQuery() == null || !url.getRawQuery().contains("sig=")) {
            throw new InvalidDestination(WHAT + " lacks its signature (sig=…); copy the whole URL from the workflow");
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
        OutboundHttp.Answer answer = http.post(url, Map.of(), "application/json; charset=utf-8",
                json.writeValueAsBytes(message(notice)), "Teams");
        if (!answer.ok()) {
            throw http.failure(answer, "Teams");
        }
    }

    static Map<String, Object> message(Notice notice) {
        List<Object> body = new ArrayList<>();
        body.add(richText(run(notice.subject(), true)));
        int lines = 0;
        for (String line : notice.lines()) {
            if (lines++ >= MAX_LINES) {
                break;
            }
            body.add(richText(run(line, false)));
        }
        if (notice.link() != null) {
            Map<String, Object> link = run(notice.link().toASCIIString(), false);
            link.put("color", "Accent");
            link.put("selectAction", Map.of("type", "Action.OpenUrl", "url", notice.link().toASCIIString()));
            body.add(richText(link));
        }
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        card.put("body", body);
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.put("contentUrl", null);
        attachment.put("content", card);
        return Map.of("type", "message", "attachments", List.of(attachment));
    }

    private static Map<String, Object> run(String text, boolean bold) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("type", "TextRun");
        run.put("text", MessageText.cut(MessageText.clean(text), MAX_RUN));
        if (bold) {
            run.put("weight", "Bolder");
            run.put("size", "Medium");
        }
        return run;
    }

    private static Map<String, Object> richText(Map<String, Object> run) {
        return Map.of("type", "RichTextBlock", "inlines", List.of(run));
    }
}
