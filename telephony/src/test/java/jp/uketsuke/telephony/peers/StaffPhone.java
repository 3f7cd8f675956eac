package jp.uketsuke.telephony.peers;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A staff member's softphone: the real baresip listening on loopback for one call, answering at once or letting it
 * ring, speaking a WAV file and keeping what it heard (its sndfile module dumps the decoded audio).
 */
public final class StaffPhone implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final int port;
    private final String user;

    private StaffPhone(Process process, Path dir, int port, String user) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.user = user;
    }

    /**
     * Starts baresip as {@code sip:<user>@127.0.0.1:<port>}; it quits (hanging up a call in progress) after
     * {@code seconds}.
     *
     * @param codec  one codec as baresip names it, e.g. "G722/16000/1" or "PCMU/8000/1"; {@code wav} must have that
     *               codec's sample rate (baresip's aufile does not resample)
     * @param answer true: answers every call at once; false: lets it ring until the caller gives up
     */
    public static StaffPhone start(String user, Path wav, String codec, boolean answer, int seconds)
            throws IOException, InterruptedException {
        return start(user, null, wav, codec, answer, seconds);
    }

    /**
     * As {@link #start(String, Path, String, boolean, int)}, registering {@code sip:<user>@127.0.0.1:<registrarPort>}
     * with digest {@code password} (every ten minutes) as a staff softphone does; the registrar then knows where it is.
     */
    public static StaffPhone registered(String user, String password, int registrarPort, Path wav, String codec,
                                        boolean answer, int seconds) throws IOException, InterruptedException {
        return start(user, new Registration(password, registrarPort, null, null), wav, codec, answer, seconds);
    }

    /**
     * As {@link #registered}, over SIP/TLS to {@code tlsPort} trusting {@code trustedCa}, with baresip's media
     * encryption {@code mediaEncryption} (null, "srtp" or "srtp-mand"), printing every SIP message it sends and
     * receives (so a test can tell which connection carried them).
     */
    public static StaffPhone registeredOverTls(String user, String password, int tlsPort, Path trustedCa,
                                               String mediaEncryption, Path wav, String codec, boolean answer,
                                               int seconds) throws IOException, InterruptedException {
        return start(user, new Registration(password, tlsPort, trustedCa,
                mediaEncryption == null ? "" : mediaEncryption), wav, codec, answer, seconds);
    }

    /** {@code trustedCa} null: over UDP; else over TLS with {@code mediaEncryption} ("" for none). */
    private record Registration(String password, int registrarPort, Path trustedCa, String mediaEncryption) {
    }

    private static StaffPhone start(String user, Registration registration, Path wav, String codec, boolean answer,
                                    int seconds) throws IOException, InterruptedException {
        // baresip listens on TCP too: a port free for UDP may be some process's TCP port, so try another then
        for (int attempt = 1; ; attempt++) {
            StaffPhone phone = launch(user, FreePorts.udpPair(), registration, wav, codec, answer, seconds);
            if (phone.process.isAlive() || attempt == 5 || !phone.output().contains("Address already in use")) {
                return phone.ready();
            }
        }
    }

    /** As {@link #start(String, Path, String, boolean, int)}, on a SIP port the test chose (and configured). */
    public static StaffPhone start(String user, int port, Path wav, String codec, boolean answer, int seconds)
            throws IOException, InterruptedException {
        return launch(user, port, null, wav, codec, answer, seconds).ready();
    }

    private static StaffPhone launch(String user, int port, Registration registration, Path wav, String codec,
                                     boolean answer, int seconds) throws IOException, InterruptedException {
        Baresip.requireInstalled();
        if (!Files.exists(Baresip.MODULES.resolve("sndfile.so"))) {
            fail("baresip's sndfile module is missing (Debian package baresip-core)");
        }
        Path dir = Files.createTempDirectory("staff-phone");
        Files.createDirectory(dir.resolve("heard"));
        int rtp = FreePorts.udpPair();
        boolean tls = registration != null && registration.trustedCa() != null;
        List<String> extra = !tls ? List.of() : registration.mediaEncryption().isEmpty()
                ? List.of("sip_cafile " + registration.trustedCa())
                : List.of("sip_cafile " + registration.trustedCa(), "module srtp.so");
        Files.writeString(dir.resolve("config"), String.join("\n", extra) + "\n" + String.join("\n",
                "poll_method epoll",
                "sip_listen 127.0.0.1:" + port,
                "module_path " + Baresip.MODULES,
                "module g711.so",
                "module g722.so",
                "module aufile.so",
                "module sndfile.so",
                "module_app account.so",
                "module_app menu.so",
                "audio_source aufile," + wav,
                "audio_player aufile,/dev/null",
                "audio_alert aufile,/dev/null",
                "snd_path " + dir.resolve("heard"),
                "rtp_ports " + rtp + "-" + (rtp + 9),
                ""));
        String account = registration == null ? "<sip:" + user + "@127.0.0.1>;regint=0"
                : "<sip:" + user + "@127.0.0.1:" + registration.registrarPort() + ";transport=" + (tls ? "tls" : "udp")
                        + ">;auth_pass=" + registration.password() + ";regint=600"
                        + (tls && !registration.mediaEncryption().isEmpty()
                        ? ";mediaenc=" + registration.mediaEncryption() : "");
        Files.writeString(dir.resolve("accounts"), account + ";answermode=" + (answer ? "auto" : "manual")
                + ";audio_codecs=" + codec + "\n");
        Files.writeString(dir.resolve("contacts"), "");
        Path log = dir.resolve("out.txt");
        List<String> command = new java.util.ArrayList<>(List.of(Baresip.BINARY.toString(), "-f", dir.toString(), "-n",
                "127.0.0.1", "-t", String.valueOf(seconds)));
        if (tls) {
            command.add("-s");
        }
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        StaffPhone phone = new StaffPhone(process, dir, port, user);
        for (int i = 0; i < 100 && process.isAlive() && !phone.output().contains("baresip is ready"); i++) {
            Thread.sleep(50);
        }
        return phone;
    }

    private StaffPhone ready() throws IOException {
        if (!process.isAlive()) {
            fail("baresip quit at start:\n" + output());
        }
        return this;
    }

    /** Where to call it. */
    public String uri() {
        return "sip:" + user + "@127.0.0.1:" + port;
    }

    /** Waits until baresip has quit (it hangs up and writes its recordings then). */
    public void awaitExit(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** What the phone heard (16-bit mono at its codec's rate), once it has quit; empty when no call was answered. */
    public short[] heard() throws IOException {
        try (var files = Files.list(dir.resolve("heard"))) {
            Path wav = files.filter(f -> f.getFileName().toString().endsWith("-dec.wav"))
                    .max(Comparator.comparing(Path::toString)).orElse(null);
            if (wav == null) {
                return new short[0];
            }
            byte[] bytes = Files.readAllBytes(wav);
            ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            // find the data chunk rather than trusting a fixed header size
            int at = 12;
            while (at + 8 <= bytes.length) {
                int size = in.getInt(at + 4);
                if (bytes[at] == 'd' && bytes[at + 1] == 'a' && bytes[at + 2] == 't' && bytes[at + 3] == 'a') {
                    int available = bytes.length - at - 8;
                    int length = size <= 0 || size > available ? available : size;
                    short[] samples = new short[length / 2];
                    for (int i = 0; i < samples.length; i++) {
                        samples[i] = in.getShort(at + 8 + 2 * i);
                    }
                    return samples;
                }
                at += 8 + Math.max(0, size);
            }
            return new short[0];
        }
    }

    public String output() throws IOException {
        Path log = dir.resolve("out.txt");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
