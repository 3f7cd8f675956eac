package jp.uketsuke.sms.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import jp.uketsuke.sms.SmsProvider;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Twilio's Programmable Messaging, by its REST API: {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json},
 * form-encoded {@code To}, {@code From} or {@code MessagingServiceSid}, {@code Body} and an optional
 * {@code StatusCallback}, HTTP Basic authentication with the account SID and auth token. HTTPS only, redirects never
 * followed (a redirect could carry the credentials elsewhere), bounded waits and answers.
 */
final class TwilioSms implements SmsProvider {

    /** Twilio's error for a recipient who replied STOP: the number is opted out. */
    static final int UNSUBSCRIBED_RECIPIENT = 21610;
    private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
    private static final Pattern SERVICE_SID = Pattern.compile("MG[0-9a-fA-F]{32}");
    private static final Pattern SENDER = Pattern.compile("\\+[1-9][0-9]{7,14}|[A-Za-z0-9 ]{1,11}");
    private static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final Duration LONGEST_RETRY_AFTER = Duration.ofHours(1);

    /** What reaches Twilio, checked when the application starts; the token is never shown by {@link #toString}. */
    record Account(URI baseUrl, String accountSid, String authToken, String from, String messagingServiceSid,
                   String statusCallback, Duration timeout) {

        Account {
            if (baseUrl == null || !"https".equals(baseUrl.getScheme()) || baseUrl.getHost() == null
                    || baseUrl.getRawUserInfo() != null) {
                throw new IllegalArgumentException("uketsuke.sms.twilio.base-url must be an https URL without user "
                        + "information (default https://api.twilio.com)");
            }
            if (accountSid == null || !ACCOUNT_SID.matcher(accountSid).matches()) {
                throw new IllegalArgumentException("uketsuke.sms.twilio.account-sid is AC followed by 32 hex digits");
            }
            if (authToken == null || authToken.length() < 16 || authToken.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("uketsuke.sms.twilio.auth-token is missing or malformed");
            }
            from = from == null || from.isBlank() ? null : from.strip();
            messagingServiceSid = messagingServiceSid == null || messagingServiceSid.isBlank() ? null
                    : messagingServiceSid.strip();
            if ((from == null) == (messagingServiceSid == null)) {
                throw new IllegalArgumentException("set one of uketsuke.sms.twilio.from (an E.164 number or a sender "
                        + "name) and uketsuke.sms.twilio.messaging-service-sid");
            }
            if (from != null && !SENDER.matcher(from).matches()) {
                throw new IllegalArgumentException("uketsuke.sms.twilio.from is an E.164 number (+81…) or a sender "
                        + "name of at most 11 letters and digits");
            }
            if (messagingServiceSid != null && !SERVICE_SID.matcher(messagingServiceSid).matches()) {
                throw new IllegalArgumentException("uketsuke.sms.twilio.messaging-service-sid is MG followed by 32 "
                        + "hex digits");
            }
            if (statusCallback != null && !statusCallback.startsWith("https://")) {
                throw new IllegalArgumentException("the status callback URL must be https");
            }
            timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        }

        @Override
        public String toString() {
            return "Twilio account " + accountSid + " at " + baseUrl;
        }
    }

    private final Account account;
    private final HttpClient http;
    private final JsonMapper json;
    private final Clock clock;
    private final URI messages;
    private final String authorization;

    /** @param tls trust for the provider's certificate: the system's, or a trust store named in configuration */
    TwilioSms(Account account, SSLContext tls, JsonMapper json, Clock clock) {
        this.account = account;
        this.json = json;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(account.timeout())
                .build();
        String base = account.baseUrl().toString().replaceAll("/+$", "");
        this.messages = URI.create(base + "/2010-04-01/Accounts/" + account.accountSid() + "/Messages.json");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (account.accountSid() + ":" + account.authToken()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Outcome send(String destination, String body) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", destination);
        if (account.messagingServiceSid() != null) {
            form.put("MessagingServiceSid", account.messagingServiceSid());
        } else {
            form.put("From", account.from());
        }
        form.put("Body", body);
        if (account.statusCallback() != null) {
            form.put("StatusCallback", account.statusCallback());
        }
        HttpRequest request = HttpRequest.newBuilder(messages)
                .timeout(account.timeout())
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(formEncoded(form)))
                .build();
        HttpResponse<InputStream> response;
        byte[] answer;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                answer = in.readNBytes(MAX_ANSWER_BYTES);
            }
        } catch (IOException e) {
            return new Outcome.TryAgain("no answer from Twilio (" + e.getClass().getSimpleName() + ")", Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.TryAgain("interrupted while sending", Duration.ZERO);
        }
        return outcome(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null), answer);
    }

    private Outcome outcome(int status, String retryAfter, byte[] answer) {
        JsonNode body = parse(answer);
        if (status >= 200 && status < 300) {
            // accepted by HTTP status; an unreadable answer must not make us send the same message again
            String sid = body == null ? null : text(body, "sid");
            Integer error = body == null ? null : code(body, "error_code");
            if (error != null) {
                return new Outcome.Refused(describe(status, error, text(body, "error_message")),
                        error == UNSUBSCRIBED_RECIPIENT);
            }
            return new Outcome.Accepted(sid != null && sid.length() <= 64 ? sid : null,
                    body == null ? "unknown" : String.valueOf(text(body, "status")));
        }
        Integer code = body == null ? null : code(body, "code");
        String message = body == null ? null : text(body, "message");
        String reason = describe(status, code, message);
        if (status == 429) {
            return new Outcome.TryAgain(reason, retryAfter(retryAfter));
        }
        if (status >= 500 || status == 408 || (status >= 300 && status < 400)) {
            return new Outcome.TryAgain(status < 400 ? "Twilio answered with a redirect (" + status + "), not followed"
                    : reason, retryAfter(retryAfter));
        }
        return new Outcome.Refused(reason, code != null && code == UNSUBSCRIBED_RECIPIENT);
    }

    private JsonNode parse(byte[] answer) {
        if (answer.length == 0) {
            return null;
        }
        try {
            JsonNode node = json.readTree(answer);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v.asString(null);
    }

    private static Integer code(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber()) {
            return v.asInt();
        }
        String s = v.asString("");
        return s.matches("[0-9]{1,9}") ? Integer.valueOf(s) : null;
    }

    private static String describe(int status, Integer code, String message) {
        StringBuilder out = new StringBuilder("Twilio ").append(status);
        if (code != null) {
            out.append(" error ").append(code);
        }
        if (message != null && !message.isBlank()) {
            out.append(": ").append(message);
        }
        return ProviderText.scrubbed(out.toString());
    }

    /** Seconds or an HTTP date; absent or odd: no wish, the back-off decides. */
    private Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Duration.ZERO;
        }
        String h = header.strip();
        Duration wait;
        if (h.matches("[0-9]{1,9}")) {
            wait = Duration.ofSeconds(Long.parseLong(h));
        } else {
            try {
                wait = Duration.between(clock.instant(),
                        ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException e) {
                return Duration.ZERO;
            }
        }
        if (wait.isNegative()) {
            return Duration.ZERO;
        }
        return wait.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : wait;
    }

    static String formEncoded(Map<String, String> form) {
        StringJoiner out = new StringJoiner("&");
        form.forEach((k, v) -> out.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }

    @Override
    public String toString() {
        return account.toString();
    }
}
