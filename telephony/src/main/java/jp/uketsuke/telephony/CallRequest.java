package jp.uketsuke.telephony;

import java.net.InetSocketAddress;

/**
 * An inbound INVITE as the application sees it, before it decides whether to answer.
 *
 * @param callId        this call's id inside Uketsuke (not the SIP Call-ID, which the caller chose)
 * @param dialedNumber  user part of the Request-URI, as received (normalising is the application's job)
 * @param callerNumber  user part of the From URI, as received; caller-ID is a claim, never an identity
 * @param remote        where the INVITE came from
 * @param transport     "UDP", "TCP" or "TLS": the transport the INVITE actually arrived on (not what its Via claims)
 * @param origin        the trunk or staff phone the INVITE was accepted from; null for an outbound leg we placed
 *                      ({@link Call#dial}), whose request describes the INVITE we sent
 */
public record CallRequest(String callId, String dialedNumber, String callerNumber,
                          InetSocketAddress remote, String transport, CallOrigin origin) {
}
