package jp.uketsuke.telephony;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An upstream SIP trunk (a carrier or a PBX): where calls to it go, who may send calls from it, and which dialed
 * numbers it may deliver. An INVITE is taken from a trunk only when its source address lies in {@link #sources()}.
 *
 * @param name        short name for configuration, logs and metrics ("carrier-a")
 * @param host        where requests to the trunk go: an address or a host name
 * @param port        SIP port of the trunk
 * @param transport   "UDP", "TCP" or "TLS"
 * @param credentials what we answer the trunk's digest challenges with, or null when it does not challenge
 * @param sources     addresses the trunk sends from; empty: it sends nothing we accept
 * @param numbers     dialed numbers it may deliver to us; empty: none (an outbound-only trunk)
 * @param mediaSecurity media security for calls from this trunk, or null to follow the application's (the tenant's)
 *                    policy alone; the stricter of the two applies, see {@link MediaSecurity#atLeast}
 * @param tlsTrust    over TLS: the CAs the trunk's certificate must chain to (null: the JDK's); its name is checked
 *                    against {@code host} as well
 */
public record Trunk(String name, String host, int port, String transport, Credentials credentials,
                    List<AddressRange> sources, List<NumberRange> numbers, MediaSecurity mediaSecurity,
                    TlsTrust tlsTrust) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
    private static final Set<String> TRANSPORTS = Set.of("UDP", "TCP", "TLS");

    /** Digest credentials for requests we send to the trunk; the password never appears in {@link #toString()}. */
    public record Credentials(String username, String password) {
        public Credentials {
            if (username == null || username.isBlank() || password == null || password.isEmpty()) {
                throw new IllegalArgumentException("trunk credentials need a username and a password");
            }
        }

        @Override
        public String toString() {
            return "Credentials[username=" + username + ", password=(hidden)]";
        }
    }

    public Trunk {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a trunk name is 1-40 characters a-z 0-9 _ - (starting with a letter or "
                    + "digit), not \"" + name + "\"");
        }
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("trunk " + name + ": the address is missing");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("trunk " + name + ": port " + port + " is outside 1-65535");
        }
        transport = transport == null ? "UDP" : transport.strip().toUpperCase(Locale.ROOT);
        if (!TRANSPORTS.contains(transport)) {
            throw new IllegalArgumentException("trunk " + name + ": transport must be UDP, TCP or TLS, not " + transport);
        }
        sources = List.copyOf(sources);
        numbers = List.copyOf(numbers);
        tlsTrust = tlsTrust == null ? TlsTrust.jdkDefault() : tlsTrust;
    }

    /** A trunk that follows the application's media security and, over TLS, trusts the JDK's CAs. */
    public Trunk(String name, String host, int port, String transport, Credentials credentials,
                 List<AddressRange> sources, List<NumberRange> numbers) {
        this(name, host, port, transport, credentials, sources, numbers, null, null);
    }

    public Trunk withMediaSecurity(MediaSecurity security) {
        return new Trunk(name, host, port, transport, credentials, sources, numbers, security, tlsTrust);
    }

    public Trunk withTlsTrust(TlsTrust trust) {
        return new Trunk(name, host, port, transport, credentials, sources, numbers, mediaSecurity, trust);
    }

    /** Whether a request from {@code address} comes from this trunk. */
    public boolean sendsFrom(InetAddress address) {
        return sources.stream().anyMatch(range -> range.contains(address));
    }

    /** Whether the trunk may deliver calls to {@code number} (in the form the ranges are written in). */
    public boolean delivers(String number) {
        return numbers.stream().anyMatch(range -> range.contains(number));
    }
}
