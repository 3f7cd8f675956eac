package jp.uketsuke.console.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The operation log in words people read: each action code ("recording.play") by its label in the message bundles
 * (keys {@value #ACTION_PREFIX}&lt;code&gt;), results likewise, and source addresses with what they are. A code made of
 * a known family and a value ("settings.media-security.required") falls back to its family's label with the value;
 * an unknown code is shown as it is, so nothing in the log is ever hidden.
 */
@Component
class AuditWording {

    static final String ACTION_PREFIX = "ia.audit.action.";
    private static final Pattern LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");

    private final MessageSource messages;

    AuditWording(MessageSource messages) {
        this.messages = messages;
    }

    String action(String code, Locale locale) {
        String exact = messages.getMessage(ACTION_PREFIX + code, null, null, locale);
        if (exact != null) {
            return exact;
        }
        for (int dot = code.lastIndexOf('.'); dot > 0; dot = code.lastIndexOf('.', dot - 1)) {
            String family = messages.getMessage(ACTION_PREFIX + code.substring(0, dot), null, null, locale);
            if (family != null) {
                return family + " (" + code.substring(dot + 1) + ")";
            }
        }
        return code;
    }

    String result(String result, Locale locale) {
        return result == null ? "" : messages.getMessage("ia.audit.result." + result, null, result, locale);
    }

    /** "127.0.0.1 (このサーバー)", "10.0.0.5 (社内ネットワーク)"; none (a job of the server itself) as "—". */
    String address(String address, Locale locale) {
        if (address == null || address.isBlank()) {
            return "—";
        }
        String kind = kind(address.strip());
        return kind == null ? address : address + " (" + messages.getMessage(kind, null, kind, locale) + ")";
    }

    /** The message key of what an address is, or null for a public or unreadable one. Never asks DNS. */
    static String kind(String address) {
        // only address literals reach getByName, which then never resolves a name
        if (!LITERAL.matcher(address).matches()
                || (address.indexOf(':') < 0 && Stream.of(address.split("\\.")).anyMatch(octet -> Integer.parseInt(octet) > 255))) {
            return null;
        }
        InetAddress parsed;
        try {
            parsed = InetAddress.getByName(address);
        } catch (UnknownHostException notAnAddress) {
            return null;
        }
        if (parsed.isLoopbackAddress()) {
            return "ia.audit.address.loopback";
        }
        if (parsed.isSiteLocalAddress() || parsed.isLinkLocalAddress()
                || (parsed.getAddress().length == 16 && (parsed.getAddress()[0] & 0xfe) == 0xfc)) {
            return "ia.audit.address.private";
        }
        return null;
    }
}
