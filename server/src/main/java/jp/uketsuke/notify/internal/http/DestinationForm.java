package jp.uketsuke.notify.internal.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;
import jp.uketsuke.notify.Destination;
import jp.uketsuke.notify.DeliveryFailure;
import jp.uketsuke.notify.InvalidDestination;

/**
 * Reads a destination's address, secret and options as entered, with limits, and says what is wrong without
 * repeating it: a webhook URL carries its token in the path, and a secret is never shown back.
 */
final class DestinationForm {

    static final int MAX_URL = 2048;

    private DestinationForm() {
    }

    /**
     * An absolute URL whose path matches {@code path} (the service's form of it), checked against the allow-list and
     * the address rules by {@code http}.
     *
     * @param resolve also resolve the host and check its addresses (when the destination is saved; when sending, the
     *                client does that and can tell a DNS failure, which may pass, from a refusal)
     */
    static URI url(Destination destination, Pattern path, String what, OutboundHttp http, boolean resolve)
            throws InvalidDestination {
        String address = destination.address().strip();
        if (address.isEmpty()) {
            throw new InvalidDestination(what + " is missing");
        }
        if (address.length() > MAX_URL) {
            throw new InvalidDestination(what + " is longer than " + MAX_URL + " characters");
        }
        if (address.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new InvalidDestination(what + " contains spaces or control characters");
        }
        URI url;
        try {
            url = new URI(address);
        } catch (URISyntaxException e) {
            throw new InvalidDestination(what + " is not a valid URL");
        }
        http.checkUrl(url, what, resolve);
        if (path != null && (url.getRawPath() == null || !path.matcher(url.getRawPath()).matches())) {
            throw new InvalidDestination(what + " does not have the form the service gives out; copy it again "
                    + "from the service");
        }
        return url;
    }

    /** A secret of the given form; the message names it, never shows it. */
    static String secret(Destination destination, Pattern form, String what) throws InvalidDestination {
        String secret = destination.secret().strip();
        if (secret.isEmpty()) {
            throw new InvalidDestination(what + " is missing");
        }
        if (!form.matcher(secret).matches()) {
            throw new InvalidDestination(what + " does not have the expected form (it is not shown here)");
        }
        return secret;
    }

    /** A plain value of the given form: an id, a name. */
    static String value(String value, Pattern form, String what) throws InvalidDestination {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            throw new InvalidDestination(what + " is missing");
        }
        if (v.length() > 256 || !form.matcher(v).matches()) {
            throw new InvalidDestination(what + " does not have the expected form");
        }
        return v;
    }

    /** At send time a destination that no longer passes its checks will not pass them on the next try either. */
    static DeliveryFailure unusable(InvalidDestination invalid) {
        return DeliveryFailure.permanent("the destination is no longer valid: " + invalid.getMessage(), null);
    }
}
