package jp.uketsuke.telephony;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A block of IP addresses a peer may send from, in CIDR notation ("203.0.113.0/24", "2001:db8::/32") or a
 * single address ("192.0.2.10"). Only address literals: a host name would make who may call depend on DNS.
 *
 * @param network      the first address of the block (host bits zero)
 * @param prefixLength leading bits that must match: 0-32 for IPv4, 0-128 for IPv6
 */
public record AddressRange(InetAddress network, int prefixLength) {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    public AddressRange {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length /" + prefixLength + " is outside 0-" + bits);
        }
        network = masked(network, prefixLength);
    }

    /**
     * Parses "address" or "address/prefix".
     *
     * @throws IllegalArgumentException with a message naming what is wrong, e.g. a host name, an octet over 255,
     *                                  a prefix over 32, or host bits set ("10.0.0.1/8")
     */
    public static AddressRange parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an address range is empty");
        }
        String s = text.strip();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        InetAddress parsed = literal(address);
        int bits = parsed.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = s.substring(slash + 1);
            if (!length.matches("\\d{1,3}")) {
                throw new IllegalArgumentException("\"" + s + "\": the prefix length after / must be a number");
            }
            prefix = Integer.parseInt(length);
            if (prefix > bits) {
                throw new IllegalArgumentException("\"" + s + "\": prefix length /" + prefix + " is over " + bits);
            }
        }
        AddressRange range = new AddressRange(parsed, prefix);
        if (!range.network().equals(parsed)) {
            // "10.1.2.3/8" is most likely a typo for a single address or a wrong prefix: make the writer choose
            throw new IllegalArgumentException("\"" + s + "\" has host bits set; did you mean "
                    + range.network().getHostAddress() + "/" + prefix + "?");
        }
        return range;
    }

    /** Whether {@code address} lies in this block; an IPv4 address never lies in an IPv6 block and vice versa. */
    public boolean contains(InetAddress address) {
        if (address == null || address.getAddress().length != network.getAddress().length) {
            return false;
        }
        return masked(address, prefixLength).equals(network);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }

    private static InetAddress literal(String address) {
        try {
            var v4 = IPV4.matcher(address);
            if (v4.matches()) {
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(v4.group(i + 1));
                    if (octet > 255) {
                        throw new IllegalArgumentException("\"" + address + "\": " + octet + " is not an octet (0-255)");
                    }
                    bytes[i] = (byte) octet;
                }
                return InetAddress.getByAddress(bytes);
            }
            if (address.indexOf(':') >= 0 && IPV6.matcher(address).matches()) {
                // an IPv6 literal: the JDK parses it without asking DNS (a string with ':' is never a host name)
                return InetAddress.getByName(address);
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("\"" + address + "\" is not a valid IPv6 address");
        }
        throw new IllegalArgumentException("\"" + address + "\" is not an IP address (host names are not allowed)");
    }

    private static InetAddress masked(InetAddress address, int prefixLength) {
        byte[] bytes = address.getAddress();
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
            bytes[i] &= (byte) (0xFF << (8 - keep));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
