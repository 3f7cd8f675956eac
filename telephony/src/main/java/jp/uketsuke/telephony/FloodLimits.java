package jp.uketsuke.telephony;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How much one source address may send before the SIP guard drops it, and what it drops on sight.
 * A source that sends faster than {@code requestsPerSecond} (after a {@code burst}) is blocked for
 * {@code blockFor}, and stays blocked while it keeps sending too fast, as Kamailio's pike module does.
 *
 * @param requestsPerSecond              sustained rate of SIP messages (UDP datagrams, TCP connections and
 *                                       requests) one source may send
 * @param burst                          messages a quiet source may send at once before the rate applies
 * @param blockFor                       how long a source over its rate, a scanner or a password guesser is
 *                                       ignored; extended while it keeps sending too fast
 * @param maxHeaders                     header field values one request may carry (each Via value counts)
 * @param maxDialogsPerSource            calls (ringing or answered) one source may hold at once; more get 503
 * @param maxConnectionsPerSource        TCP connections one source may hold open at once
 * @param authenticationFailuresToBlock  failed authentications within {@code authenticationWindow} that
 *                                       block the source
 * @param authenticationWindow           how long a failed authentication is remembered
 * @param scannerUserAgents              User-Agent fragments (case-insensitive) of scanners whose requests are
 *                                       dropped without an answer and whose source is blocked
 * @param exemptSources                  addresses or CIDR ranges (e.g. a carrier's trunk) no rate, dialog
 *                                       or connection limit applies to
 * @param maxTrackedSources              sources remembered at once; beyond this, new sources share one
 *                                       limit, so a flood from many addresses cannot exhaust memory
 */
public record FloodLimits(double requestsPerSecond, int burst, Duration blockFor, int maxHeaders,
                          int maxDialogsPerSource, int maxConnectionsPerSource, int authenticationFailuresToBlock,
                          Duration authenticationWindow, List<String> scannerUserAgents, List<String> exemptSources,
                          int maxTrackedSources) {

    /** Scanners and war-dialers seen on the internet (SIPVicious and its forks, sipcli, VaxSIP and others). */
    public static final List<String> KNOWN_SCANNERS = List.of("friendly-scanner", "sipvicious", "sipcli",
            "vaxsipuseragent", "sip-scan", "sipscan", "iwar", "sundayddr", "pplsip", "smap", "sipsak-scan");

    public FloodLimits {
        Objects.requireNonNull(blockFor, "blockFor");
        Objects.requireNonNull(authenticationWindow, "authenticationWindow");
        scannerUserAgents = scannerUserAgents == null ? List.of() : scannerUserAgents.stream()
                .map(String::strip).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT)).toList();
        exemptSources = exemptSources == null ? List.of() : exemptSources.stream()
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (!(requestsPerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("requestsPerSecond must be positive and burst at least 1");
        }
        if (blockFor.isNegative() || blockFor.isZero() || authenticationWindow.isNegative()
                || authenticationWindow.isZero()) {
            throw new IllegalArgumentException("blockFor and authenticationWindow must be positive");
        }
        if (maxHeaders < 10 || maxDialogsPerSource < 1 || maxConnectionsPerSource < 1
                || authenticationFailuresToBlock < 1 || maxTrackedSources < 16) {
            throw new IllegalArgumentException("limits too small: maxHeaders >= 10, maxTrackedSources >= 16, others >= 1");
        }
    }

    /**
     * Defaults for a small office line: a phone or softphone sends a few messages a second at most; a
     * carrier trunk sends far more and belongs in {@link #exemptSources()}.
     */
    public static FloodLimits defaults() {
        return new FloodLimits(20, 60, Duration.ofMinutes(2), 100, 20, 16, 10, Duration.ofMinutes(10),
                KNOWN_SCANNERS, List.of(), 50_000);
    }

    public FloodLimits withRate(double perSecond, int burstSize) {
        return new FloodLimits(perSecond, burstSize, blockFor, maxHeaders, maxDialogsPerSource,
                maxConnectionsPerSource, authenticationFailuresToBlock, authenticationWindow, scannerUserAgents,
                exemptSources, maxTrackedSources);
    }

    public FloodLimits withBlockFor(Duration duration) {
        return new FloodLimits(requestsPerSecond, burst, duration, maxHeaders, maxDialogsPerSource,
                maxConnectionsPerSource, authenticationFailuresToBlock, authenticationWindow, scannerUserAgents,
                exemptSources, maxTrackedSources);
    }

    public FloodLimits withMaxHeaders(int headers) {
        return new FloodLimits(requestsPerSecond, burst, blockFor, headers, maxDialogsPerSource,
                maxConnectionsPerSource, authenticationFailuresToBlock, authenticationWindow, scannerUserAgents,
                exemptSources, maxTrackedSources);
    }

    public FloodLimits withMaxDialogsPerSource(int dialogs) {
        return new FloodLimits(requestsPerSecond, burst, blockFor, maxHeaders, dialogs,
                maxConnectionsPerSource, authenticationFailuresToBlock, authenticationWindow, scannerUserAgents,
                exemptSources, maxTrackedSources);
    }

    public FloodLimits withMaxConnectionsPerSource(int connections) {
        return new FloodLimits(requestsPerSecond, burst, blockFor, maxHeaders, maxDialogsPerSource,
                connections, authenticationFailuresToBlock, authenticationWindow, scannerUserAgents,
                exemptSources, maxTrackedSources);
    }

    public FloodLimits withAuthenticationFailures(int failuresToBlock, Duration window) {
        return new FloodLimits(requestsPerSecond, burst, blockFor, maxHeaders, maxDialogsPerSource,
                maxConnectionsPerSource, failuresToBlock, window, scannerUserAgents, exemptSources,
                maxTrackedSources);
    }

    public FloodLimits withScannerUserAgents(List<String> signatures) {
        return new FloodLimits(requestsPerSecond, burst, blockFor, maxHeaders, maxDialogsPerSource,
                maxConnectionsPerSource, authenticationFailuresToBlock, authenticationWindow, signatures,
                exemptSources, maxTrackedSources);
    }

    public FloodLimits withExemptSources(List<String> sources) {
        return new FloodLimits(requestsPerSecond, burst, blockFor, maxHeaders, maxDialogsPerSource,
                maxConnectionsPerSource, authenticationFailuresToBlock, authenticationWindow, scannerUserAgents,
                sources, maxTrackedSources);
    }

    public FloodLimits withMaxTrackedSources(int sources) {
        return new FloodLimits(requestsPerSecond, burst, blockFor, maxHeaders, maxDialogsPerSource,
                maxConnectionsPerSource, authenticationFailuresToBlock, authenticationWindow, scannerUserAgents,
                exemptSources, sources);
    }
}
