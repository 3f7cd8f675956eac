package jp.uketsuke.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real peer program (sipp, baresip, espeak-ng) run by a test, with its output kept for the report. */
public final class ExternalProgram {

    private ExternalProgram() {
    }

    /** Fails the test with the Debian package to install when {@code binary} is not on this machine. */
    public static String require(String binary, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, binary))) {
                return Path.of(dir, binary).toString();
            }
        }
        return fail(binary + " is not installed: apt-get install " + debianPackage + " (./uketsuke test does it on Debian)");
    }

    public static Process start(List<String> command, Path output) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    /** Runs to completion; a program still running after {@code timeout} is killed and the test fails. */
    public static int run(List<String> command, Path output, Duration timeout) throws IOException, InterruptedException {
        Process process = start(command, output);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail(command.getFirst() + " did not finish within " + timeout + "; output:\n" + tail(output));
        }
        return process.exitValue();
    }

    public static String tail(Path output) {
        try {
            List<String> lines = Files.readAllLines(output);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
