package jp.uketsuke.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A packet capture on the loopback interface by the real tshark (Debian package tshark; capturing needs root
 * or dumpcap's capabilities), read back with tshark too: what a network observer would see.
 */
public final class LoopbackCapture implements AutoCloseable {

    /** One UDP datagram as captured. */
    public record Datagram(int sourcePort, int destinationPort, byte[] payload) {
    }

    private final Process process;
    private final Path file;

    private LoopbackCapture(Process process, Path file) {
        this.process = process;
        this.file = file;
    }

    /** Starts capturing what {@code filter} (capture filter syntax) lets through; returns once tshark captures. */
    public static LoopbackCapture start(String filter) throws IOException, InterruptedException {
        String tshark = ExternalProgram.require("tshark", "tshark");
        Path dir = Files.createTempDirectory("capture-");
        Path file = dir.resolve("capture.pcapng");
        Process process = new ProcessBuilder(List.of(tshark, "-i", "lo", "-f", filter, "-w", file.toString(), "-q"))
                .redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(30_000);
                process.destroyForcibly();
            } catch (InterruptedException started) {
                // capturing in time
            }
        });
        String line;
        while ((line = output.readLine()) != null) {
            seen.append(line).append('\n');
            // "Capturing on 'Loopback: lo'" comes a moment before packets are really taken
            if (line.contains("Capture started")) {
                watchdog.interrupt();
                Thread.ofVirtual().start(() -> drain(output));
                return new LoopbackCapture(process, file);
            }
        }
        throw new IOException("tshark did not start capturing (it needs root or dumpcap's capabilities):\n" + seen);
    }

    /** Stops the capture (tshark writes out what it has) and returns the capture file's bytes. */
    public byte[] stop() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return Files.readAllBytes(file);
    }

    /** The UDP datagrams in the stopped capture, as tshark reads them from the file. */
    public List<Datagram> datagrams() throws IOException, InterruptedException {
        String tshark = ExternalProgram.require("tshark", "tshark");
        Path fields = Files.createTempFile("capture-", ".txt");
        ExternalProgram.run(List.of(tshark, "-r", file.toString(), "-Y", "udp", "-T", "fields",
                "-e", "udp.srcport", "-e", "udp.dstport", "-e", "udp.payload"), fields, Duration.ofSeconds(60));
        List<Datagram> datagrams = new ArrayList<>();
        for (String row : Files.readAllLines(fields)) {
            String[] columns = row.split("\t");
            // frames with several UDP headers (ICMP errors quoting a datagram) are not datagrams of their own,
            // and tshark's notes are not frames
            if (columns.length == 3 && columns[0].matches("\\d+") && columns[1].matches("\\d+")) {
                datagrams.add(new Datagram(Integer.parseInt(columns[0]), Integer.parseInt(columns[1]),
                        HexFormat.of().parseHex(columns[2].replace(":", ""))));
            }
        }
        return datagrams;
    }

    /** The payload bytes of every TCP segment in the stopped capture, in capture order. */
    public byte[] tcpPayload() throws IOException, InterruptedException {
        String tshark = ExternalProgram.require("tshark", "tshark");
        Path fields = Files.createTempFile("capture-", ".txt");
        ExternalProgram.run(List.of(tshark, "-r", file.toString(), "-Y", "tcp.len > 0", "-T", "fields",
                "-e", "tcp.payload"), fields, Duration.ofSeconds(60));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (String row : Files.readAllLines(fields)) {
            // a frame can hold several occurrences of the field (e.g. inside an ICMP error), comma-separated;
            // tshark's own notes (running as root) share the output and are not hex
            for (String value : row.strip().split(",")) {
                if (value.matches("[0-9a-f:]+")) {
                    bytes.writeBytes(HexFormat.of().parseHex(value.replace(":", "")));
                }
            }
        }
        return bytes.toByteArray();
    }

    private static void drain(BufferedReader output) {
        try {
            while (output.readLine() != null) {
                // tshark's progress messages are not needed
            }
        } catch (IOException stopped) {
            // the capture ended
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
