package jp.uketsuke.telephony;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * One contact a staff phone registered: where it can be called until {@code expiresAt}.
 *
 * @param contact   the Contact URI the phone registered, e.g. "sip:201-ab12cd@192.0.2.7:5060;transport=udp"
 * @param source    where the REGISTER came from (the flow to use when the contact is behind NAT)
 * @param transport "UDP", "TCP" or "TLS" of that REGISTER
 */
public record Registration(String tenant, String extension, String username, String contact,
                           InetSocketAddress source, String transport, Instant expiresAt) {
}
