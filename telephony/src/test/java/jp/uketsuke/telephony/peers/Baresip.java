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
        private final int consolePort;

        private Registered(Process process, Path log, int consolePort) {
            this.process = process;
            this.log = log;
            this.consolePort = consolePort;
        }

        /** What baresip printed so far (never contains the password: baresip does not print it). */
        public String output() throws IOException {
            return Files.exists(log) ? Files.readString(log) : "";
        }

        /** Has the registered phone dial {@code uri} from its account (through its console, as a user would). */
        public void dial(String uri) throws IOException {
            if (consolePort == 0) {
                throw new IllegalStateException("this phone was started without a console");
            }
            byte[] command = ("/dial " + uri + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            try (java.net.DatagramSocket socket = new java.net.DatagramSocket()) {
                socket.send(new java.net.DatagramPacket(command, command.length,
                        java.net.InetAddress.getLoopbackAddress(), consolePort));
            }
        }

        /** Waits for baresip to quit by itself (its {@code -t} timer), then returns what it printed. */
        public String awaitExit(int seconds) throws IOException, InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            return output();
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
        return register(new Account(user, password, registrarPort, "udp", null, "127.0.0.1", intervalSeconds), null);
    }

    /**
     * A staff softphone's account.
     *
     * @param transport       "udp", "tcp" or "tls": how it reaches the registrar (and calls out)
     * @param trustedCa       the PEM certificate baresip trusts for TLS (our test server's own), or null; baresip 1.0
     *                        loads it but does not yet refuse a server it fails to verify (no sip_verify_server)
     * @param listenAddress   where baresip listens and sends SIP over UDP from: 127.0.0.1 is the test trunk,
     *                        127.0.0.2 a stranger; its TCP and TLS connections leave from an unbound socket
     *                        (so from 127.0.0.1), whatever this says
     */
    public record Account(String user, String password, int registrarPort, String transport, Path trustedCa,
                          String listenAddress, int intervalSeconds) {

        /**
         * Over TLS, trusting {@code trustedCa}, renewing every ten minutes. From 127.0.0.1, the test trunk's address,
         * as baresip's connection comes from there anyway: the registrar must tell the phone by its connection.
         */
        public static Account overTls(String user, String password, int tlsPort, Path trustedCa) {
            return new Account(user, password, tlsPort, "tls", trustedCa, "127.0.0.1", 600);
        }
    }

    /** What a registered phone does when it calls: one codec from a WAV file, media encryption as in {@code options}. */
    public record Calling(Path wav, String codec, Options options, int quitAfterSeconds) {
    }

    /**
     * Starts baresip registering {@code account}; with {@code calling}, it also takes {@link Registered#dial}
     * commands on a console port and quits after {@code calling.quitAfterSeconds()}.
     */
    public static Registered register(Account account, Calling calling) throws IOException {
        requireInstalled();
        Path dir = Files.createTempDirectory("baresip-reg");
        List<String> config = new java.util.ArrayList<>(List.of(
                "poll_method epoll",
                // baresip listens on UDP and TCP at this port; below the ephemeral range no outgoing connection takes it
                "sip_listen " + account.listenAddress() + ":" + FreePorts.udpAndTcpBelowEphemeral(),
                "module_path " + MODULES,
                "module g711.so",
                "module g722.so",
                "module aufile.so",
                "module_app account.so",
                "audio_player aufile,/dev/null",
                "audio_alert aufile,/dev/null"));
        if (account.trustedCa() != null) {
            // baresip checks the registrar's certificate against this one (it is self-signed, so its own CA)
            config.add("sip_cafile " + account.trustedCa());
        }
        int consolePort = 0;
        StringBuilder extra = new StringBuilder();
        if (calling != null) {
            consolePort = FreePorts.udpAndTcpBelowEphemeral();
            int rtp = FreePorts.udpPair();
            config.addAll(List.of("module_app menu.so", "module cons.so", "cons_listen 127.0.0.1:" + consolePort,
                    "audio_source aufile," + calling.wav(), "rtp_ports " + rtp + "-" + (rtp + 9)));
            if (calling.options().mediaEncryption() != null) {
                config.add("module srtp.so");
                extra.append(";mediaenc=").append(calling.options().mediaEncryption());
            }
            if (calling.options().dumpDir() != null) {
                config.add("module sndfile.so");
                config.add("snd_path " + calling.options().dumpDir());
            }
            extra.append(";audio_codecs=").append(calling.codec());
        }
        config.add("");
        Files.writeString(dir.resolve("config"), String.join("\n", config));
        Files.writeString(dir.resolve("accounts"), "<sip:" + account.user() + "@127.0.0.1:" + account.registrarPort()
                + ";transport=" + account.transport() + ">;auth_pass=" + account.password() + ";regint="
                + account.intervalSeconds() + extra + "\n");
        Files.writeString(dir.resolve("contacts"), "");
        Path log = dir.resolve("out.txt");
        List<String> command = new java.util.ArrayList<>(List.of(BINARY.toString(), "-f", dir.toString(), "-n",
                account.listenAddress()));
        if (calling != null) {
            command.addAll(List.of("-t", String.valueOf(calling.quitAfterSeconds())));
            if (calling.options().sipTrace()) {
                command.add("-s");
            }
        }
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Registered(process, log, consolePort);
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
