package jp.uketsuke.telephony.internal.sip;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The one TLS policy for SIP: TLS 1.2 and 1.3, forward secrecy, AEAD ciphers only, no client certificates; and for
 * connections we open, the peer's certificate must name the host we meant to reach.
 */
public final class TlsPolicy {

    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_256_GCM_SHA384",
            "TLS_AES_128_GCM_SHA256",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsPolicy() {
    }

    /** The policy's protocols and suites, limited to what {@code context} implements, our order first. */
    static SSLParameters parameters(SSLContext context) {
        Set<String> supported = Set.of(context.getSupportedSSLParameters().getCipherSuites());
        SSLParameters parameters = new SSLParameters(
                CIPHER_SUITES.stream().filter(supported::contains).toArray(String[]::new),
                PROTOCOLS.toArray(String[]::new));
        parameters.setUseCipherSuitesOrder(true);
        parameters.setNeedClientAuth(false);
        parameters.setWantClientAuth(false);
        return parameters;
    }

    /**
     * The same protocols and suites for a connection we open to {@code host}: its certificate must name it (RFC 2818
     * rules, as the JDK's "HTTPS" endpoint identification applies them: DNS names, or an IP address in the subject
     * alternative names), and a host name goes in the server name indication.
     */
    static SSLParameters clientParameters(SSLContext context, String host) {
        SSLParameters parameters = parameters(context);
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isAddressLiteral(host)) {
            try {
                parameters.setServerNames(List.of(new SNIHostName(host)));
            } catch (IllegalArgumentException notADnsName) {
                // no SNI; the name check still applies
            }
        }
        return parameters;
    }

    static boolean isAddressLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
    }

    /** As JAIN-SIP's stack properties want them: a comma-separated list. */
    public static String protocolList() {
        return String.join(",", PROTOCOLS);
    }

    public static String cipherSuiteList(SSLContext context) {
        return String.join(",", Arrays.asList(parameters(context).getCipherSuites()));
    }
}
