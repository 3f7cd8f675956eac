package jp.uketsuke.voicebot;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The link an sms node sends and the text around it (F6), checked when the flow is written. A link is the tenant's
 * page (予約ページ等), the same for every caller: https only, no user information, bounded, and nothing in it that
 * would carry personal data — no placeholders at all (a number or words of the call cannot be put into it), no
 * phone numbers or e-mail addresses, no query parameters named for them. The text holds the link as {@code {url}}.
 */
public final class SmsLink {

    public static final int MAX_URL = 500;
    public static final int MAX_TEXT = 500;
    public static final String URL_PLACEHOLDER = "{url}";

    private static final Pattern EMAIL = Pattern.compile("[^\\s/?&=#@]+@[^\\s/?&=#@]+\\.[A-Za-z]{2,}");
    /** Japanese and international numbers, with or without separators: 10 or more digits from 0 or +. */
    private static final Pattern PHONE = Pattern.compile("(?<![0-9])(\\+|0)[0-9](?:[ .()\\-]?[0-9]){8,13}(?![0-9])");
    private static final Pattern PARAMETER = Pattern.compile("(?:^|[&;])([^=&;#]+)=");
    private static final Set<String> PERSONAL_NAMES = Set.of("tel", "phone", "phonenumber", "mobile", "number",
            "caller", "callerid", "from", "msisdn", "email", "mail", "emailaddress", "name", "fullname", "address",
            "birthday", "dob", "電話", "電話番号", "メール", "名前", "氏名", "住所");

    private SmsLink() {
    }

    /** @return the link, stripped @throws IllegalArgumentException saying what is wrong with it */
    public static String checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("needs the url to send");
        }
        String u = url.strip();
        if (u.length() > MAX_URL) {
            throw new IllegalArgumentException("the url is longer than " + MAX_URL + " characters");
        }
        if (u.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("the url has spaces or control characters");
        }
        String lower = u.toLowerCase(Locale.ROOT);
        if (u.contains("{") || u.contains("}") || lower.contains("%7b") || lower.contains("%7d") || u.contains("$")) {
            throw new IllegalArgumentException("the url cannot hold placeholders: nothing from the call (the caller's "
                    + "number, what they said) may be put into a link");
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the url is not a valid URL");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("the url must be an https:// address with a host name");
        }
        if (uri.getRawUserInfo() != null || uri.getRawAuthority().contains("@")) {
            throw new IllegalArgumentException("the url must not carry a user name or password");
        }
        String decoded;
        try {
            decoded = Normalizer.normalize(URLDecoder.decode(u.replace("+", "%2B"), StandardCharsets.UTF_8),
                    Normalizer.Form.NFKC);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the url has a malformed %-escape");
        }
        if (EMAIL.matcher(decoded).find()) {
            throw new IllegalArgumentException("the url must not contain an e-mail address");
        }
        if (PHONE.matcher(decoded).find()) {
            throw new IllegalArgumentException("the url must not contain a phone number");
        }
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        var names = PARAMETER.matcher(query);
        while (names.find()) {
            String name = URLDecoder.decode(names.group(1), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT)
                    .replaceAll("[_\\-.\\s]", "");
            if (PERSONAL_NAMES.contains(name)) {
                throw new IllegalArgumentException("the url's query parameter '" + names.group(1).replaceAll("[^A-Za-z0-9_-]", "?")
                        + "' is named for personal data; links carry no personal data");
            }
        }
        return u;
    }

    /** @return the text, stripped, or null for the default @throws IllegalArgumentException when it cannot be sent */
    public static String checkText(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip().replace("\r\n", "\n");
        if (t.length() > MAX_TEXT) {
            throw new IllegalArgumentException("the message text is longer than " + MAX_TEXT + " characters");
        }
        if (t.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            throw new IllegalArgumentException("the message text has control characters");
        }
        int at = t.indexOf(URL_PLACEHOLDER);
        if (at < 0 || t.indexOf(URL_PLACEHOLDER, at + 1) >= 0) {
            throw new IllegalArgumentException("the message text holds the link once, as {url}");
        }
        if (t.replace(URL_PLACEHOLDER, "").matches("(?s).*[{}].*")) {
            throw new IllegalArgumentException("the message text has a placeholder other than {url}: nothing from "
                    + "the call may be put into a message");
        }
        return t;
    }

    /** The message as sent: the text (or the default for the language) with the link in place of {url}. */
    public static String message(String text, String defaultText, String url) {
        return (text == null ? defaultText : text).replace(URL_PLACEHOLDER, url);
    }
}
