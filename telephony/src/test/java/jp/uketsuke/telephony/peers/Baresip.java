package jp.uketsuke.telephony.peers;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real baresip softphone (Debian package baresip-core), configured to call with one codec from a WAV file. */
public final class Baresip {

    public static final Path BINARY = Path.of("/usr/bin/baresip");
    public static final Path MODULES = Path.of("/usr/lib/baresip/modules");

    private Baresip() {
    }

    public static void requireInstalled() {
        if (!Files.isExecutable(BINARY) || !Files.exists(MODULES.resolve("g722.so"))
                || !Files.exists(MODULES.resolve("aufile.so"))) {
            fail("baresip is missing: install the Debian package baresip-core (provides /usr/bin/baresip "
                    + "and the g722/aufile modules)");
        }
    }

    /**
     * How the softphone protects its call.
     *
     * @param mediaEncryption  baresip's account {@code mediaenc}: null for plain RTP, "srtp" (SDES when the
     *                         answer has it) or "srtp-mand" (RTP/SAVP, SRTP or no call)
     * @param dumpDir          where baresip's sndfile module writes what it heard ({@code *-dec.wav}) and
     *                         sent, or null; URIs with {@code ;transport=tls} make baresip use TLS
     * @param sipTrace         print every SIP message baresip sends and receives into its output
     */
    public record Options(String mediaEncryption, Path dumpDir, boolean sipTrace) {

        public Options(String mediaEncryption, Path dumpDir) {
            this(mediaEncryption, dumpDir, false);
        }

        public static Options plain() {
            return new Options(null, null);
        }
    }

    /** Dials {@code uri}, sends {@code wav} as microphone audio, quits after {@code seconds}; returns its output. */
    public static String call(String uri, Path wav, String codec, int seconds) throws IOException, InterruptedException {
        return call("caller", uri, wav, codec, seconds);
    }

    /** As {@link #call(String, Path, String, int)}, calling from the account {@code sip:<callerUser>@127.0.0.1}. */
    public static String call(String callerUser, String uri, Path wav, String codec, int seconds)
            throws IOException, InterruptedException {
        return call(callerUser, uri, wav, codec, seconds, Options.plain());
    }

    /** As {@link #call(String, String, Path, String, int)}, with media encryption and an audio dump as asked. */
    public static String call(String callerUser, String uri, Path wav, String codec, int seconds, Options options)
            throws IOException, InterruptedException {
        requireInstalled();
        if (options.mediaEncryption() != null && !Files.exists(MODULES.resolve("srtp.so"))) {
            fail("baresip's srtp module is missing: install the Debian package baresip-core");
        }
        Path dir = Files.createTempDirectory("baresip");
        int rtp = FreePorts.udpPair();
        List<String> config = new java.util.ArrayList<>(List.of(
                "poll_method epoll",
                // baresip listens on UDP and TCP at this port; below the ephemeral range no outgoing connection takes it
                "sip_listen 127.0.0.1:" + FreePorts.udpAndTcpBelowEphemeral(),
                "module_path " + MODULES,
                "module g711.so",
                "module g722.so",
                "module aufile.so",
                "module_app account.so",
                "module_app menu.so",
                "audio_source aufile," + wav,
                "audio_player aufile,/dev/null",
                "audio_alert aufile,/dev/null",
                "rtp_ports " + rtp + "-" + (rtp + 9)));
        if (options.mediaEncryption() != null) {
            config.add("module srtp.so");
        }
        if (options.dumpDir() != null) {
            config.add("module sndfile.so");
            config.add("snd_path " + options.dumpDir());
        }
        config.add("");
        Files.writeString(dir.resolve("config"), String.join("\n", config));
        Files.writeString(dir.resolve("accounts"), "<sip:" + callerUser + "@127.0.0.1>;regint=0;audio_codecs=" + codec
                + (options.mediaEncryption() == null ? "" : ";mediaenc=" + options.mediaEncryption()) + "\n");
        Files.writeString(dir.resolve("contacts"), "");
        Path log = dir.resolve("out.txt");
        List<String> command = new java.util.ArrayList<>(List.of(BINARY.toString(), "-f", dir.toString(),
                "-n", "127.0.0.1", "-e", "/dial " + uri, "-t", String.valueOf(seconds)));
        if (options.sipTrace()) {
            command.add("-s");
        }
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(seconds + 15L, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        return Files.readString(log);
    }

    /** A running baresip that registers an account; closing it ends the process. */
    public static final class Registered implements AutoCloseable {
        private final Process process;
        private final Path log;

        private Registered(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        /** What baresip printed so far (never contains the password: baresip does not print it). */
        public String output() throws IOException {
            return Files.exists(log) ? Files.readString(log) : "";
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Starts baresip registering {@code sip:<user>@127.0.0.1:<registrarPort>} with digest password {@code password}
     * every {@code intervalSeconds}, as a staff softphone does.
     */
    public static Registered register(String user, String password, int registrarPort, int intervalSeconds)
            throws IOException {
        requireInstalled();
        Path dir = Files.createTempDirectory("baresip-reg");
        Files.writeString(dir.resolve("config"), String.join("\n",
                "poll_method epoll",
                // baresip listens on UDP and TCP at this port; below the ephemeral range no outgoing connection takes it
                "sip_listen 127.0.0.1:" + FreePorts.udpAndTcpBelowEphemeral(),
                "module_path " + MODULES,
                "module g711.so",
                "module aufile.so",
                "module_app account.so",
                "audio_player aufile,/dev/null",
                "audio_alert aufile,/dev/null",
                ""));
        Files.writeString(dir.resolve("accounts"), "<sip:" + user + "@127.0.0.1:" + registrarPort
                + ";transport=udp>;auth_pass=" + password + ";regint=" + intervalSeconds + "\n");
        Files.writeString(dir.resolve("contacts"), "");
        Path log = dir.resolve("out.txt");
        Process process = new ProcessBuilder(List.of(BINARY.toString(), "-f", dir.toString(), "-n", "127.0.0.1"))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Registered(process, log);
    }

    /** What baresip heard in its call, from the sndfile dump ({@code *-dec.wav}) in {@code dumpDir}. */
    public static short[] heard(Path dumpDir) throws IOException {
        try (var files = Files.list(dumpDir)) {
            Path dump = files.filter(f -> f.getFileName().toString().endsWith("-dec.wav")).findFirst()
                    .orElseThrow(() -> new IOException("baresip wrote no *-dec.wav in " + dumpDir));
            return readWav(Files.readAllBytes(dump));
        }
    }

    /** The samples of a 16-bit PCM WAV file, first channel, whatever chunks precede its data. */
    static short[] readWav(byte[] wav) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int channels = 1;
        in.position(12);
        while (in.remaining() >= 8) {
            byte[] id = new byte[4];
            in.get(id);
            int size = in.getInt();
            String chunk = new String(id, java.nio.charset.StandardCharsets.US_ASCII);
            if (chunk.equals("fmt ")) {
                channels = in.getShort(in.position() + 2);
            }
            if (chunk.equals("data")) {
                int frames = Math.min(size, in.remaining()) / (2 * channels);
                short[] samples = new short[frames];
                for (int i = 0; i < frames; i++) {
                    samples[i] = in.getShort(in.position() + i * 2 * channels);
                }
                return samples;
            }
            in.position(in.position() + size + (size & 1));
        }
        throw new IOException("no data chunk in the WAV file");
    }

    /** Writes a 16-bit mono WAV file. */
    public static void writeWav(Path file, short[] samples, int sampleRate) throws IOException {
        ByteBuffer wav = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + samples.length * 2).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes()).putInt(samples.length * 2);
        for (short s : samples) {
            wav.putShort(s);
        }
        Files.write(file, wav.array());
    }
}
