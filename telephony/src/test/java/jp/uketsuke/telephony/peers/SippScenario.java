package jp.uketsuke.telephony.peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A SIPp scenario from src/test/resources/sipp with placeholders filled in by the test. A placeholder replaced by
 * "" takes its whole line with it (an empty line would end SIP's headers).
 */
public final class SippScenario {

    private final Path file;

    private SippScenario(Path file) {
        this.file = file;
    }

    public static SippScenario of(String name, Map<String, String> placeholders) throws IOException {
        String text;
        try (var in = SippScenario.class.getResourceAsStream("/sipp/" + name)) {
            text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        for (var entry : placeholders.entrySet()) {
            if (entry.getValue().isEmpty()) {
                text = text.replaceAll("(?m)^[ \\t]*" + entry.getKey() + "[ \\t]*\\r?\\n", "");
            } else {
                text = text.replace(entry.getKey(), entry.getValue());
            }
        }
        Path file = Files.createTempFile("sipp-", "-" + name);
        Files.writeString(file, text, StandardCharsets.ISO_8859_1);
        return new SippScenario(file);
    }

    /** Runs one call of the scenario from {@code localAddress} to {@code service} at the server, logging actions. */
    public Sipp.Result run(String localAddress, int serverPort, String service, String... extraArguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Sipp.BINARY.toString(), "127.0.0.1:" + serverPort,
                "-sf", file.toString(), "-s", service, "-m", "1", "-trace_logs"));
        command.addAll(List.of(extraArguments));
        return Sipp.run(command, 30, localAddress);
    }
}
