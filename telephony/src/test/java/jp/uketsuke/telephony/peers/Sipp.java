package jp.uketsuke.telephony.peers;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real SIPp (Debian package sip-tester) against a server on loopback. */
public final class Sipp {

    public static final Path BINARY = Path.of("/usr/bin/sipp");

    /** What one SIPp run did. */
    public record Result(int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private Sipp() {
    }

    public static void requireInstalled() {
        if (!Files.isExecutable(BINARY)) {
            fail("SIPp is missing: install the Debian package sip-tester (provides /usr/bin/sipp)");
        }
    }

    /** Runs one call of {@code scenario} (a resource under /sipp) to {@code service} at the server. */
    public static Result call(String scenario, int serverPort, String service, Map<String, String> variables)
            throws IOException, InterruptedException {
        return callFrom("127.0.0.1", scenario, serverPort, service, variables, List.of());
    }

    /** As above, with more SIPp options, e.g. {@code -t t1} for TCP. */
    public static Result call(String scenario, int serverPort, String service, Map<String, String> variables,
                              List<String> options) throws IOException, InterruptedException {
        return callFrom("127.0.0.1", scenario, serverPort, service, variables, options);
    }

    /** As {@link #call}, with SIPp bound to another loopback address (Linux routes all of 127/8 on lo). */
    public static Result callFrom(String localAddress, String scenario, int serverPort, String service,
                                  Map<String, String> variables) throws IOException, InterruptedException {
        return callFrom(localAddress, scenario, serverPort, service, variables, List.of());
    }

    private static Result callFrom(String localAddress, String scenario, int serverPort, String service,
                                   Map<String, String> variables, List<String> options)
            throws IOException, InterruptedException {
        Path file = Files.createTempFile("sipp-", ".xml");
        try (var in = Sipp.class.getResourceAsStream("/sipp/" + scenario)) {
            Files.write(file, in.readAllBytes());
        }
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "127.0.0.1:" + serverPort,
                "-sf", file.toString(), "-s", service, "-m", "1"));
        command.addAll(options);
        variables.forEach((name, value) -> command.addAll(List.of("-set", name, value)));
        return run(command, 30, localAddress);
    }

    /** Runs SIPp with arbitrary arguments after the target; kills it after {@code timeoutSeconds}. */
    public static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        return run(command, timeoutSeconds, "127.0.0.1");
    }

    /** As {@link #run(List, int)}, with SIPp's signalling and media bound to {@code localAddress}. */
    public static Result run(List<String> command, int timeoutSeconds, String localAddress)
            throws IOException, InterruptedException {
        requireInstalled();
        Result result = null;
        // the ports are free when chosen, but on a busy machine another process may take one before SIPp binds
        // it; SIPp then exits before sending anything, and only then is it run again, on other ports
        for (int attempt = 0; attempt < 3 && (result == null || couldNotBind(result)); attempt++) {
            result = runOnce(command, timeoutSeconds, localAddress);
        }
        return result;
    }

    private static boolean couldNotBind(Result result) {
        return !result.succeeded() && result.output().contains("Unable to bind");
    }

    private static Result runOnce(List<String> command, int timeoutSeconds, String localAddress)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("sipp-run");
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of("-i", localAddress, "-p", String.valueOf(FreePorts.udpAndTcpBelowEphemeral()),
                "-mp", String.valueOf(FreePorts.udpQuadBelowEphemeral()), "-nostdin", "-timeout", timeoutSeconds + "s",
                "-timeout_error", "-trace_err", "-trace_screen"));
        Path log = dir.resolve("stdout.txt");
        Process process = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(timeoutSeconds + 10L, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            return new Result(-1, "SIPp did not finish in time\n" + collect(dir));
        }
        return new Result(process.exitValue(), collect(dir));
    }

    private static String collect(Path dir) throws IOException {
        StringBuilder text = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".txt")).toList()) {
                String content = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
                text.append("== ").append(file.getFileName()).append('\n')
                        .append(content, Math.max(0, content.length() - 4000), content.length()).append('\n');
            }
        }
        return text.toString();
    }

    public static Map<String, String> vars(String... pairs) {
        java.util.LinkedHashMap<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
