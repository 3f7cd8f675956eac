package jp.uketsuke.notify.internal.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.uketsuke.notify.Notice;

/**
 * A notice as a Slack message, the same for incoming webhooks and chat.postMessage: Block Kit blocks (a header with
 * the subject, a section per line, the link) and the plain {@code text} Slack shows in notifications and where blocks
 * are not rendered. Callers' words are escaped and marked {@code verbatim}, and link previews are off (Slack would
 * otherwise fetch the console link).
 */
final class SlackMessage {

    private static final int MAX_BLOCKS = 50;
    private static final int MAX_HEADER = 150;
    private static final int MAX_SECTION = 2900;
    private static final int MAX_TEXT = 3900;

    private SlackMessage() {
    }

    static Map<String, Object> of(Notice notice) {
        List<Object> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "header", "text", Map.of("type", "plain_text",
                "text", MessageText.cut(orDash(MessageText.clean(notice.subject())), MAX_HEADER), "emoji", false)));
        for (String line : notice.lines()) {
            if (blocks.size() >= MAX_BLOCKS - 2) {
                break;
            }
            String text = MessageText.clean(line);
            if (!text.isBlank()) {
                blocks.add(section(MessageText.slack(MessageText.cut(text, MAX_SECTION))));
            }
        }
        if (notice.link() != null) {
            blocks.add(section("<" + notice.link().toASCIIString() + ">"));
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("text", MessageText.slack(MessageText.cut(MessageText.clean(notice.plainText()), MAX_TEXT)));
        message.put("blocks", blocks);
        message.put("unfurl_links", false);
        message.put("unfurl_media", false);
        return message;
    }

    private static Map<String, Object> section(String mrkdwn) {
        return Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", mrkdwn, "verbatim", true));
    }

    private static String orDash(String subject) {
        return subject.isBlank() ? "-" : subject;
    }
}
