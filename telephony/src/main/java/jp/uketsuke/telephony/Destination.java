package jp.uketsuke.telephony;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** Where an outbound call leg or a transfer goes: a SIP contact we call directly, or a number through a trunk. */
public sealed interface Destination {

    /**
     * A SIP URI to call directly, such as the contact a staff phone registered.
     *
     * @param uri  "sip:…" (or "sips:…"), e.g. "sip:201@192.0.2.7:5060;transport=tcp"
     * @param via  where to send the INVITE instead of the URI's host (the address a phone behind NAT registered
     *             from), or null
     */
    record Contact(String uri, InetSocketAddress via) implements Destination {
        public Contact {
            Objects.requireNonNull(uri, "uri");
            uri = uri.strip();
            String scheme = uri.toLowerCase(Locale.ROOT);
            if (!(scheme.startsWith("sip:") || scheme.startsWith("sips:")) || uri.length() > 256
                    || uri.chars().anyMatch(c -> c <= ' ' || c == '<' || c == '>' || c == '"' || c > '~')) {
                throw new IllegalArgumentException("a contact is a sip: URI of at most 256 printable characters");
            }
            if (via != null && via.isUnresolved()) {
                throw new IllegalArgumentException("a contact's via address must be resolved");
            }
        }

        public Contact(String uri) {
            this(uri, null);
        }
    }

    /**
     * A telephone number through an upstream trunk; the request goes to the trunk's host, and its digest
     * challenges are answered with {@code username} and {@code password} (both null when it does not challenge).
     *
     * @param transport "UDP", "TCP" or "TLS"; over TLS the trunk's certificate must chain to its trusted CAs and
     *                  name {@code host} (see {@link Trunk#tlsTrust()}), or the leg fails
     * @param mediaSecurity the trunk's own media security, or null; the leg takes the stricter of it and the call's
     */
    record ViaTrunk(String number, String host, int port, String transport, String username, String password,
                    MediaSecurity mediaSecurity) implements Destination {

        private static final Pattern NUMBER = Pattern.compile("\\+?[0-9*#]{1,32}");
        private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\[\\]-]{1,253}");
        private static final Set<String> TRANSPORTS = Set.of("UDP", "TCP", "TLS");

        public ViaTrunk {
            if (number == null || !NUMBER.matcher(number).matches()) {
                throw new IllegalArgumentException("a number to dial is 1-32 digits, * or # (an optional leading +)");
            }
            if (host == null || !HOST.matcher(host).matches()) {
                throw new IllegalArgumentException("a trunk host is an address or a host name");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("trunk port out of range: " + port);
            }
            transport = transport == null ? "UDP" : transport.strip().toUpperCase(Locale.ROOT);
            if (!TRANSPORTS.contains(transport)) {
                throw new IllegalArgumentException("outbound legs go over UDP, TCP or TLS, not " + transport);
            }
            if ((username == null) != (password == null) || username != null && username.isBlank()) {
                throw new IllegalArgumentException("trunk credentials need both a username and a password, or neither");
            }
        }

        /** A trunk without a media-security policy of its own. */
        public ViaTrunk(String number, String host, int port, String transport, String username, String password) {
            this(number, host, port, transport, username, password, null);
        }

        @Override
        public String toString() {
            return "ViaTrunk[number=(hidden), host=" + host + ", port=" + port + ", transport=" + transport
                    + ", username=" + username + ", password=(hidden), mediaSecurity=" + mediaSecurity + "]";
        }
    }
}
