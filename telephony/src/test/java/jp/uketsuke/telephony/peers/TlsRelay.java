package jp.uketsuke.telephony.peers;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * socat (Debian package socat, OpenSSL inside) turning a plain loopback TCP port into a TLS connection
 * to the server, checking the server's certificate. Debian's SIPp is built without TLS, so SIPp talks
 * TCP to this relay and the relay talks TLS to us: the server sees a real TLS client.
 */
public final class TlsRelay implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/socat");

    private final Process process;
    private final int port;

    private TlsRelay(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Listens on a free loopback TCP port; each connection becomes one TLS connection to {@code tlsPort}. */
    public static TlsRelay to(int tlsPort, Path trustedCertificate) throws IOException, InterruptedException {
        return start(port -> List.of("TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork",
                "OPENSSL:127.0.0.1:" + tlsPort + ",cafile=" + trustedCertificate + ",commonname=localhost"));
    }

    /**
     * The other way round: a TLS server on a free loopback port presenting {@code certificate}, each connection
     * relayed as plain TCP to {@code tcpPort} (SIPp playing a TLS trunk).
     */
    public static TlsRelay serving(int tcpPort, TestCertificates certificate) throws IOException, InterruptedException {
        return serving(tcpPort, certificate, "");
    }

    /** As above, with more socat OpenSSL options, e.g. ",openssl-max-proto-version=TLS1.2,cipher=AES128-SHA". */
    public static TlsRelay serving(int tcpPort, TestCertificates certificate, String opensslOptions)
            throws IOException, InterruptedException {
        return start(port -> List.of("OPENSSL-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork,verify=0,cert="
                + certificate.certificate() + ",key=" + certificate.privateKey() + opensslOptions,
                "TCP:127.0.0.1:" + tcpPort));
    }

    private static TlsRelay start(java.util.function.IntFunction<List<String>> addresses)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            fail("socat is missing: install the Debian package socat");
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = FreePorts.udpPair();
            List<String> command = new java.util.ArrayList<>(List.of(BINARY.toString(), "-d", "-d"));
            command.addAll(addresses.apply(port));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            BufferedReader log = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = log.readLine()) != null) {
                if (line.contains("listening on")) {
                    Thread.ofVirtual().start(() -> drain(log));
                    return new TlsRelay(process, port);
                }
            }
            process.waitFor(5, TimeUnit.SECONDS);
        }
        throw new IOException("socat did not start listening");
    }

    public int port() {
        return port;
    }

    private static void drain(BufferedReader log) {
        try {
            while (log.readLine() != null) {
                // socat's per-connection diagnostics are not needed
            }
        } catch (IOException ended) {
            // the relay was stopped
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
