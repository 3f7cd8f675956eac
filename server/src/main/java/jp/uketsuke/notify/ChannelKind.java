package jp.uketsuke.notify;

/** The ways Uketsuke can tell people of a call (F8). Each has one {@link Channel} that speaks its protocol. */
public enum ChannelKind {
    /** SMTP through Spring Boot mail, STARTTLS required or implicit TLS: never plain. */
    EMAIL,
    /** A Slack incoming webhook URL. */
    SLACK_WEBHOOK,
    /** Slack's chat.postMessage API with a bot token and a channel id. */
    SLACK_API,
    /** A Microsoft Teams Workflows webhook, posting an Adaptive Card (Office 365 connectors are retired). */
    TEAMS,
    /** Chatwork API v2, a room id and a dedicated bot account's {@code X-ChatWorkToken}. */
    CHATWORK,
    /** LINE WORKS Bot API 2.0, authenticated by a service account's JWT. */
    LINE_WORKS,
    /** A Discord webhook URL. */
    DISCORD,
    /** Any HTTPS receiver, signed with HMAC-SHA256 over the message id, a timestamp and the body (Standard Webhooks). */
    WEBHOOK
}
