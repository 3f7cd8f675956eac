package jp.uketsuke.switchboard.internal;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jp.uketsuke.telephony.AddressRange;
import jp.uketsuke.telephony.MediaSecurity;
import jp.uketsuke.telephony.NumberRange;
import jp.uketsuke.telephony.PeerSettings;
import jp.uketsuke.telephony.TlsTrust;
import jp.uketsuke.telephony.Trunk;
import jp.uketsuke.tenancy.PhoneNumbers;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Trunks, staff-phone registrar and session timers from configuration ({@code uketsuke.sip.*}), checked with
 * errors that name the property and what is wrong with it.
 *
 * @param trunks        {@code uketsuke.sip.trunks.<name>.*}, by trunk name
 * @param registrar     {@code uketsuke.sip.registrar.*}
 * @param sessionTimers {@code uketsuke.sip.session-timers.*}
 */
@ConfigurationProperties("uketsuke.sip")
record SipPeerProperties(Map<String, TrunkEntry> trunks, RegistrarEntry registrar, SessionTimerEntry sessionTimers) {

    /**
     * One trunk.
     *
     * @param address   "host" or "host:port" ("[2001:db8::1]:5060" for IPv6) where requests to the trunk go
     * @param transport UDP (default), TCP or TLS
     * @param username  digest username we answer the trunk's challenges with (optional)
     * @param password  its password
     * @param sources   addresses or CIDR blocks the trunk sends from; default: the address, when it is an IP
     * @param numbers   dialed numbers it may deliver: numbers or ranges "0500000000-0500000099", in any form
     *                  {@link PhoneNumbers} reads
     * @param mediaSecurity REQUIRED, PREFERRED or OFF for calls from this trunk; unset: the tenant's policy alone.
     *                  The stricter of trunk and tenant applies, so a trunk never weakens a tenant's REQUIRED
     * @param tlsTrust  over TLS: a PEM file of the CA certificates the trunk's certificate must chain to; unset:
     *                  the JDK's CAs. The certificate must also name the address's host
     */
    record TrunkEntry(String address, String transport, String username, String password, List<String> sources,
                      List<String> numbers, String mediaSecurity, String tlsTrust) {
    }

    record RegistrarEntry(String realm, List<String> digestAlgorithms, Duration minExpires, Duration maxExpires,
                          Integer sourceFailureLimit, Integer phoneFailureLimit) {
    }

    record SessionTimerEntry(Duration minimum, Duration preferred) {
    }

    SipPeerProperties {
        trunks = trunks == null ? Map.of() : new TreeMap<>(trunks);
    }

    /**
     * The telephony settings, with {@code extraTrunks} (e.g. the demo's) after the configured ones.
     *
     * @throws IllegalArgumentException naming the property that is wrong
     */
    PeerSettings toSettings(List<Trunk> extraTrunks) {
        List<Trunk> all = new ArrayList<>();
        trunks.forEach((name, entry) -> all.add(trunk(name, entry)));
        all.addAll(extraTrunks);
        PeerSettings.RegistrarPolicy policy = PeerSettings.RegistrarPolicy.defaults();
        if (registrar != null) {
            try {
                if (registrar.realm() != null && !registrar.realm().isBlank()) {
                    policy = policy.withRealm(registrar.realm().strip());
                }
                if (registrar.digestAlgorithms() != null && !registrar.digestAlgorithms().isEmpty()) {
                    policy = policy.withDigestAlgorithms(registrar.digestAlgorithms());
                }
                Duration min = registrar.minExpires() == null ? policy.minExpires() : registrar.minExpires();
                Duration max = registrar.maxExpires() == null ? policy.maxExpires() : registrar.maxExpires();
                policy = policy.withExpires(min, max, max);
                policy = policy.withFailureLimits(
                        registrar.sourceFailureLimit() == null ? policy.sourceFailureLimit()
                                : registrar.sourceFailureLimit(),
                        registrar.phoneFailureLimit() == null ? policy.phoneFailureLimit()
                                : registrar.phoneFailureLimit(),
                        policy.failureWindow());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("uketsuke.sip.registrar: " + e.getMessage(), e);
            }
        }
        PeerSettings.SessionTimerPolicy timers = PeerSettings.SessionTimerPolicy.defaults();
        if (sessionTimers != null) {
            try {
                timers = new PeerSettings.SessionTimerPolicy(
                        sessionTimers.minimum() == null ? timers.minimum() : sessionTimers.minimum(),
                        sessionTimers.preferred() == null ? timers.preferred() : sessionTimers.preferred());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("uketsuke.sip.session-timers: " + e.getMessage(), e);
            }
        }
        try {
            return new PeerSettings(all, policy, timers);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("uketsuke.sip.trunks: " + e.getMessage(), e);
        }
    }

    private static Trunk trunk(String name, TrunkEntry entry) {
        String prefix = "uketsuke.sip.trunks." + name + ".";
        if (entry.address() == null || entry.address().isBlank()) {
            throw new IllegalArgumentException(prefix + "address is missing (host or host:port of the trunk)");
        }
        String transport = entry.transport() == null || entry.transport().isBlank() ? "UDP" : entry.transport();
        HostPort target = hostPort(prefix + "address", entry.address().strip(),
                "TLS".equalsIgnoreCase(transport.strip()) ? 5061 : 5060);
        Trunk.Credentials credentials = null;
        boolean hasUser = entry.username() != null && !entry.username().isBlank();
        boolean hasPassword = entry.password() != null && !entry.password().isEmpty();
        if (hasUser != hasPassword) {
            throw new IllegalArgumentException(prefix + "username and " + prefix + "password go together");
        }
        if (hasUser) {
            credentials = new Trunk.Credentials(entry.username().strip(), entry.password());
        }
        List<AddressRange> sources = new ArrayList<>();
        for (String source : nonBlank(entry.sources())) {
            try {
                sources.add(AddressRange.parse(source));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(prefix + "sources: " + e.getMessage(), e);
            }
        }
        List<NumberRange> numbers = new ArrayList<>();
        for (String number : nonBlank(entry.numbers())) {
            numbers.add(numberRange(prefix + "numbers", number));
        }
        if (sources.isEmpty()) {
            try {
                sources.add(AddressRange.parse(target.host()));
            } catch (IllegalArgumentException hostName) {
                if (!numbers.isEmpty()) {
                    throw new IllegalArgumentException(prefix + "sources is needed: list the addresses the trunk "
                            + "sends from (its host name " + target.host() + " is not looked up)");
                }
            }
        }
        MediaSecurity security = null;
        if (entry.mediaSecurity() != null && !entry.mediaSecurity().isBlank()) {
            try {
                security = MediaSecurity.valueOf(entry.mediaSecurity().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(prefix + "media-security must be REQUIRED, PREFERRED or OFF (or "
                        + "unset to follow the tenant), not \"" + entry.mediaSecurity().strip() + "\"", e);
            }
        }
        TlsTrust trust = null;
        if (entry.tlsTrust() != null && !entry.tlsTrust().isBlank()) {
            if (!"TLS".equalsIgnoreCase(transport.strip())) {
                throw new IllegalArgumentException(prefix + "tls-trust is only for a trunk with transport TLS");
            }
            try {
                trust = TlsTrust.fromPem(Path.of(entry.tlsTrust().strip()));
            } catch (IOException | InvalidPathException e) {
                throw new IllegalArgumentException(prefix + "tls-trust: " + e.getMessage(), e);
            }
        }
        try {
            return new Trunk(name, target.host(), target.port(), transport, credentials, sources, numbers, security,
                    trust);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + ": " + e.getMessage(), e);
        }
    }

    private record HostPort(String host, int port) {
    }

    private static HostPort hostPort(String property, String address, int defaultPort) {
        String host = address;
        String port = null;
        if (address.startsWith("[")) {
            int close = address.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException(property + ": \"" + address + "\" lacks the closing ]");
            }
            host = address.substring(1, close);
            String rest = address.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException(property + ": \"" + address + "\" is not [address]:port");
                }
                port = rest.substring(1);
            }
        } else if (address.indexOf(':') >= 0 && address.indexOf(':') == address.lastIndexOf(':')) {
            host = address.substring(0, address.indexOf(':'));
            port = address.substring(address.indexOf(':') + 1);
        }
        if (host.isBlank() || !host.matches("[A-Za-z0-9.:_-]+")) {
            throw new IllegalArgumentException(property + ": \"" + address + "\" is not a host name or address");
        }
        if (port == null) {
            return new HostPort(host, defaultPort);
        }
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException(property + ": port \"" + port + "\" is not 1-65535");
        }
        return new HostPort(host, Integer.parseInt(port));
    }

    /**
     * "0500000000", "+81 50-0000-0000" (one number) or "0500000000-0500000099" (a range): a '-' splits a range only
     * when both sides are numbers of their own, since separators inside numbers are dashes too.
     */
    static NumberRange numberRange(String property, String text) {
        String[] parts = text.split("-");
        if (parts.length == 2) {
            String first = PhoneNumbers.normalise(parts[0]);
            String last = PhoneNumbers.normalise(parts[1]);
            if (!first.isEmpty() && !last.isEmpty()) {
                try {
                    return new NumberRange(first, last);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
                }
            }
        }
        String number = PhoneNumbers.normalise(text);
        if (number.isEmpty()) {
            throw new IllegalArgumentException(property + ": \"" + text.strip() + "\" is neither a phone number nor "
                    + "a range like 0500000000-0500000099");
        }
        return NumberRange.single(number);
    }

    private static List<String> nonBlank(List<String> values) {
        return values == null ? List.of() : values.stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
    }
}
