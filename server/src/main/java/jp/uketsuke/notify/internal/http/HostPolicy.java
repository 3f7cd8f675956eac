package jp.uketsuke.notify.internal.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which hosts and addresses notifications may reach (S4, server-side request forgery). A host must be on the
 * installation's allow-list, and every address it resolves to must be public unless the host is named in
 * {@code private-hosts-allowed}. A notification URL is typed in by a tenant's administrator: without this, it could
 * point our server at the cloud metadata service (169.254.169.254), the database or an internal admin page.
 */
final class HostPolicy {

    /** Letters, digits, hyphens and dots: an ASCII host name (IDNs are entered in their xn-- form). */
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern IPV4_LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    /** Resolves a host name to addresses; the JDK's resolver in production. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final List<String> allowed;
    private final List<String> privateAllowed;
    private final Resolver resolver;

    HostPolicy(OutboundHttpProperties properties) {
        this(properties, InetAddress::getAllByName);
    }

    HostPolicy(OutboundHttpProperties properties, Resolver resolver) {
        this.allowed = properties.allowedHosts();
        this.privateAllowed = properties.privateHostsAllowed();
        this.resolver = resolver;
    }

    /**
     * Checks a URL's form and host, without resolving it: https, a host, no user information, no fragment.
     *
     * @return why it is refused, fit to show the person who entered it (it never repeats the URL: webhook URLs carry
     *         their secret in the path)
     */
    Optional<String> refusedUrl(URI url) {
        if (url == null || !url.isAbsolute() || url.isOpaque()) {
            return Optional.of("the address is not a complete URL");
        }
        if (!"https".equalsIgnoreCase(url.getScheme())) {
            return Optional.of("the URL must start with https://");
        }
        if (url.getRawUserInfo() != null) {
            return Optional.of("the URL must not contain a user name or password before the host");
        }
        if (url.getHost() == null) {
            return Optional.of("the URL has no host name, or one that is not plain ASCII (write it as xn--…)");
        }
        if (url.getRawFragment() != null) {
            return Optional.of("the URL must not contain a fragment (#…)");
        }
        int port = url.getPort();
        if (port == 0 || port > 65535) {
            return Optional.of("the URL's port is not a valid port");
        }
        return refusedHost(url.getHost());
    }

    /** Checks a host against the allow-list and, for address literals, the address rules. */
    Optional<String> refusedHost(String rawHost) {
        String host = normalise(rawHost);
        boolean literal = host.contains(":") || IPV4_LITERAL.matcher(host).matches();
        if (!literal && !HOST_NAME.matcher(host).matches()) {
            return Optional.of("the host name is not a valid ASCII host name");
        }
        if (!isAllowed(host)) {
            return Optional.of("the host " + host + " is not on this installation's list of allowed notification "
                    + "hosts (uketsuke.notify.allowed-hosts)");
        }
        if (literal) {
            try {
                return refusedAddress(host, InetAddress.getByName(host));
            } catch (UnknownHostException e) {
                return Optional.of("the host is not a valid address");
            }
        }
        return Optional.empty();
    }

    /**
     * Resolves an allowed host and checks every address it has: one private address among public ones is enough to
     * refuse (a round-robin answer would reach it sometimes).
     *
     * @throws Refused when the host is not allowed, cannot be resolved or has an address it may not reach
     */
    InetAddress[] resolve(String rawHost) throws Refused {
        Optional<String> refused = refusedHost(rawHost);
        if (refused.isPresent()) {
            throw new Refused(refused.get(), true);
        }
        String host = normalise(rawHost);
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new Refused("the host " + host + " cannot be found (DNS)", false);
        }
        if (addresses.length == 0) {
            throw new Refused("the host " + host + " has no address", false);
        }
        for (InetAddress address : addresses) {
            Optional<String> why = refusedAddress(host, address);
            if (why.isPresent()) {
                throw new Refused(why.get(), true);
            }
        }
        return addresses;
    }

    boolean isAllowed(String rawHost) {
        String host = normalise(rawHost);
        for (String entry : allowed) {
            if (entry.startsWith("*.") ? host.endsWith(entry.substring(1)) && host.length() > entry.length() - 1
                    : host.equals(entry)) {
                return true;
            }
        }
        return false;
    }

    private Optional<String> refusedAddress(String host, InetAddress address) {
        InetAddress effective = embeddedIpv4(address).orElse(address);
        if (effective.isAnyLocalAddress() || effective.isMulticastAddress() || isReservedOrBroadcast(effective)) {
            return Optional.of("the host " + host + " resolves to an address notifications can never reach");
        }
        if (isInternal(effective) && !privateAllowed.contains(host)) {
            return Optional.of("the host " + host + " resolves to a private, loopback or link-local address; an "
                    + "on-premises receiver must be named in uketsuke.notify.private-hosts-allowed");
        }
        return Optional.empty();
    }

    /** Loopback, RFC 1918, shared (100.64/10), link-local (169.254/16, fe80::/10), unique-local (fc00::/7), site-local. */
    private static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 100 && second >= 64 && second < 128  // carrier-grade NAT, shared address space
                    || first == 192 && second == 0 && (b[2] & 0xff) == 0  // IETF protocol assignments
                    || first == 198 && (second == 18 || second == 19);  // benchmarking
        }
        return (b[0] & 0xfe) == 0xfc || (b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0; // unique-local, site-local
    }

    private static boolean isReservedOrBroadcast(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            return first == 0 || first >= 240; // "this network", class E and 255.255.255.255
        }
        return false;
    }

    /** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible, NAT64 (64:ff9b::/96) or 6to4 address. */
    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        byte[] v4 = null;
        if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            v4 = java.util.Arrays.copyOfRange(b, 12, 16);
        } else if (allZero(b, 0, 12) && !allZero(b, 12, 16) && !address.isLoopbackAddress()) {
            v4 = java.util.Arrays.copyOfRange(b, 12, 16);
        } else if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && allZero(b, 4, 12)) {
            v4 = java.util.Arrays.copyOfRange(b, 12, 16);
        } else if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            v4 = java.util.Arrays.copyOfRange(b, 2, 6);
        }
        if (v4 == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(v4));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    static String normalise(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** A host or address we may not connect to. */
    static final class Refused extends Exception {

        private final boolean permanent;

        Refused(String message, boolean permanent) {
            super(message);
            this.permanent = permanent;
        }

        /** Not allowed, or a forbidden address; a name that does not resolve today may resolve tomorrow. */
        boolean permanent() {
            return permanent;
        }
    }
}
