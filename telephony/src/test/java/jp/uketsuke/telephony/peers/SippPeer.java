package jp.uketsuke.telephony.peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * SIPp running in the background on a port of its own, for scenarios that wait for us: a callee (UAS) an outbound
 * leg rings, or a caller whose scenario goes on while the test does other things.
 */
public final class SippPeer implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final int port;
    private final int mediaPort;

    private SippPeer(Process process, Path dir, int port, int mediaPort) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.mediaPort = mediaPort;
    }

    /** Starts {@code scenario} (a resource under /sipp) as a callee waiting for one call on a free loopback port. */
    public static SippPeer callee(String scenario, Map<String, String> variables, int timeoutSeconds)
            throws IOException {
        return start(scenario, List.of(), FreePorts.udpPair(), variables, timeoutSeconds);
    }

    /** As {@link #callee(String, Map, int)}, listening on TCP instead of UDP. */
    public static SippPeer calleeOverTcp(String scenario, Map<String, String> variables, int timeoutSeconds)
            throws IOException {
        return start(scenario, List.of("-t", "t1"), FreePorts.udpPair(), variables, timeoutSeconds);
    }

    /** As {@link #calleeOverTcp(String, Map, int)}, on a TCP port the test chose (e.g. behind a {@link TlsRelay}). */
    public static SippPeer calleeOverTcp(String scenario, int port, Map<String, String> variables, int timeoutSeconds)
            throws IOException {
        return start(scenario, List.of("-t", "t1"), port, variables, timeoutSeconds);
    }

    /** As {@link #callee(String, Map, int)}, on a SIP port the test chose (and configured). */
    public static SippPeer callee(String scenario, int port, Map<String, String> variables, int timeoutSeconds)
            throws IOException {
        return start(scenario, List.of(), port, variables, timeoutSeconds);
    }

    /** Starts {@code scenario} as a caller of {@code service} at the loopback {@code serverPort}. */
    public static SippPeer caller(String scenario, int serverPort, String service, Map<String, String> variables,
                                  int timeoutSeconds) throws IOException {
        return start(scenario, List.of("127.0.0.1:" + serverPort, "-s", service), FreePorts.udpPair(), variables,
                timeoutSeconds);
    }

    private static SippPeer start(String scenario, List<String> target, int port, Map<String, String> variables,
                                  int timeoutSeconds) throws IOException {
        Sipp.requireInstalled();
        Path dir = Files.createTempDirectory("sipp-peer");
        Path file = dir.resolve(scenario);
        try (var in = SippPeer.class.getResourceAsStream("/sipp/" + scenario)) {
            if (in == null) {
                throw new IOException("no SIPp scenario " + scenario);
            }
            Files.write(file, in.readAllBytes());
        }
        int mediaPort = FreePorts.udpQuadBelowEphemeral();
        List<String> command = new ArrayList<>(List.of(Sipp.BINARY.toString()));
        command.addAll(target);
        command.addAll(List.of("-sf", file.toString(), "-m", "1", "-i", "127.0.0.1", "-p", String.valueOf(port),
                "-mi", "127.0.0.1", "-mp", String.valueOf(mediaPort), "-nostdin", "-timeout", timeoutSeconds + "s",
                "-timeout_error", "-trace_err", "-trace_screen", "-trace_msg", "-trace_logs"));
        variables.forEach((name, value) -> command.addAll(List.of("-set", name, value)));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.txt").toFile()).start();
        if (target.isEmpty() || target.contains("-t")) {
            // a callee must be listening before it is called: a TCP connect to it would fail at once
            awaitBound(process, port, target.contains("-t") ? "/proc/net/tcp" : "/proc/net/udp");
        }
        return new SippPeer(process, dir, port, mediaPort);
    }

    /** Waits (up to five seconds) until the kernel lists the loopback port as bound (and, for TCP, listening). */
    private static void awaitBound(Process process, int port, String table) throws IOException {
        String local = String.format("0100007F:%04X", port);
        for (int i = 0; i < 100 && process.isAlive(); i++) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length > 3 && fields[1].equals(local) && (table.endsWith("udp") || fields[3].equals("0A"))) {
                    return;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Its SIP port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The media port it names in its SDP. */
    public int mediaPort() {
        return mediaPort;
    }

    /** Waits for the scenario to end (killed after {@code seconds}); exit code 0 means it went as written. */
    public Sipp.Result await(int seconds) throws IOException, InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            return new Sipp.Result(-1, "SIPp did not finish in time\n" + output());
        }
        return new Sipp.Result(process.exitValue(), output());
    }

    /** Lines SIPp wrote with {@code <log>} actions. */
    public List<String> logged() throws IOException {
        List<String> lines = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("_logs.log")).toList()) {
                lines.addAll(Files.readAllLines(f, StandardCharsets.ISO_8859_1));
            }
        }
        return lines;
    }

    /** Everything SIPp wrote (messages, errors, screen), for assertion messages. */
    public String output() throws IOException {
        StringBuilder text = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> !p.toString().endsWith(".xml")).sorted().toList()) {
                String content = Files.readString(f, StandardCharsets.ISO_8859_1);
                text.append("== ").append(f.getFileName()).append('\n')
                        .append(content, Math.max(0, content.length() - 6000), content.length()).append('\n');
            }
        }
        return text.toString();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
