package jp.uketsuke.notify.internal.http;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where notifications may go over HTTPS and how long we wait for them (F8, S1, S4). Every key is documented in
 * {@code application.properties}.
 *
 * @param allowedHosts        hosts a channel may connect to; {@code *.example.com} allows every name below
 *                            example.com (not example.com itself). Unset: the real services' hosts
 * @param privateHostsAllowed hosts (names or address literals, as written in URLs) that may resolve to private,
 *                            loopback or link-local addresses: an on-premises receiver, or a test's server
 * @param tlsTrust            a PEM file of extra CA certificates trusted beside the JDK's (a private CA, a test)
 * @param connectTimeout      to open a TCP connection (and the tunnel to it)
 * @param requestTimeout      from sending a request until the whole answer has been read
 * @param maxResponseBytes    of an answer's body we read; the rest is never read
 * @param maxRetryAfter       a receiver's Retry-After is followed up to this long
 */
@ConfigurationProperties("uketsuke.notify")
public record OutboundHttpProperties(List<String> allowedHosts, List<String> privateHostsAllowed, Path tlsTrust,
                                     Duration connectTimeout, Duration requestTimeout, Integer maxResponseBytes,
                                     Duration maxRetryAfter, URI slackApiUrl, URI chatworkApiUrl,
                                     URI lineWorksAuthUrl, URI lineWorksApiUrl) {

    /** Slack, Teams Workflows (Logic Apps and Power Platform), Chatwork, LINE WORKS and Discord. */
    public static final List<String> SERVICE_HOSTS = List.of("hooks.slack.com", "slack.com", "*.logic.azure.com",
            "*.environment.api.powerplatform.com", "api.chatwork.com", "auth.worksmobile.com", "www.worksapis.com",
            "discord.com", "discordapp.com");

    public OutboundHttpProperties {
        allowedHosts = hosts(allowedHosts == null || allowedHosts.stream().allMatch(String::isBlank) ? SERVICE_HOSTS
                : allowedHosts);
        privateHostsAllowed = hosts(privateHostsAllowed == null ? List.of() : privateHostsAllowed);
        connectTimeout = positive(connectTimeout, Duration.ofSeconds(5), "connect-timeout");
        requestTimeout = positive(requestTimeout, Duration.ofSeconds(15), "request-timeout");
        maxResponseBytes = maxResponseBytes == null || maxResponseBytes <= 0 ? 64 * 1024 : maxResponseBytes;
        maxRetryAfter = positive(maxRetryAfter, Duration.ofHours(1), "max-retry-after");
        slackApiUrl = base(slackApiUrl, "https://slack.com/api", "slack-api-url");
        chatworkApiUrl = base(chatworkApiUrl, "https://api.chatwork.com/v2", "chatwork-api-url");
        lineWorksAuthUrl = base(lineWorksAuthUrl, "https://auth.worksmobile.com/oauth2/v2.0/token",
                "line-works-auth-url");
        lineWorksApiUrl = base(lineWorksApiUrl, "https://www.worksapis.com/v1.0", "line-works-api-url");
    }

    /** The defaults: the real services, JDK trust, nothing private. */
    public static OutboundHttpProperties defaults() {
        return new OutboundHttpProperties(null, null, null, null, null, null, null, null, null, null, null);
    }

    private static List<String> hosts(List<String> hosts) {
        return hosts.stream().map(String::strip).filter(h -> !h.isEmpty())
                .map(h -> h.toLowerCase(Locale.ROOT).replaceAll("\\.$", ""))
                .map(h -> h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h)
                .distinct().toList();
    }

    private static Duration positive(Duration value, Duration otherwise, String key) {
        if (value == null) {
            return otherwise;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("uketsuke.notify." + key + " must be longer than zero");
        }
        return value;
    }

    private static URI base(URI value, String otherwise, String key) {
        URI uri = value == null || value.toString().isBlank() ? URI.create(otherwise) : value;
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("uketsuke.notify." + key + " must be an https URL without user "
                    + "information, query or fragment (default " + otherwise + ")");
        }
        return URI.create(uri.toString().replaceAll("/+$", ""));
    }
}
