package jp.uketsuke.speech;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The rule for servers of the installation's own that Uketsuke sends callers' words to (a transcription server, an
 * LLM summariser): https, or plain http only to this machine, so words never cross a network in the clear.
 */
public final class OnPremisesUrls {

    private OnPremisesUrls() {
    }

    /** localhost or a literal loopback address, where plain http may go; a name is never looked up to decide. */
    public static boolean isLoopback(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!bare.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
