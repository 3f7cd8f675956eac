package jp.uketsuke.speech.openjtalk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jp.uketsuke.speech.AudioClip;
import jp.uketsuke.speech.SpeechException;
import jp.uketsuke.speech.SpeechSynthesizer;
import jp.uketsuke.speech.WavFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speaks Japanese prompts with the open_jtalk program (Debian packages {@code open-jtalk} and
 * {@code open-jtalk-mecab-naist-jdic}) and an HTS voice, which reads kanji as words where espeak-ng says
 * "Chinese letter". The text goes to the program's standard input, never onto its command line or through a
 * shell; the WAV (48 kHz for the usual voices) is written to a private temporary directory that is removed
 * afterwards. Each call runs its own processes, so concurrent calls share nothing.
 */
public final class OpenJTalkSynthesizer implements SpeechSynthesizer {

    private static final Logger log = LoggerFactory.getLogger(OpenJTalkSynthesizer.class);
    private static final int MAX_ERROR_BYTES = 4096;
    private static final byte[] VOICE_MAGIC = "[GLOBAL]".getBytes(StandardCharsets.US_ASCII);

    /**
     * @param binary the open_jtalk program
     * @param dictionary MeCab dictionary directory (holds sys.dic)
     * @param voice HTS voice file (.htsvoice)
     * @param speed speaking speed, 1.0 as the voice was recorded (open_jtalk -r)
     * @param timeout for the whole prompt; the program is killed after it
     * @param maxTextLength longer prompt text is refused
     */
    public record Config(Path binary, Path dictionary, Path voice, double speed, Duration timeout,
            int maxTextLength) {

        public static final Path DEFAULT_BINARY = Path.of("/usr/bin/open_jtalk");
        public static final Path DEFAULT_DICTIONARY = Path.of("/var/lib/mecab/dic/open-jtalk/naist-jdic");
        /** Environment variable naming the voice file; the launcher sets it to the voice it installed. */
        public static final String VOICE_VARIABLE = "UKETSUKE_OPENJTALK_VOICE";
        public static final String VOICE_FILE = "mei_normal.htsvoice";

        public Config {
            if (binary == null || dictionary == null || voice == null) {
                throw new SpeechException("Open JTalk needs its program, dictionary and voice paths");
            }
            if (!(speed >= 0.5 && speed <= 2.0)) {
                throw new SpeechException("Open JTalk speed must be between 0.5 and 2.0, not " + speed);
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new SpeechException("Open JTalk timeout must be positive");
            }
            if (maxTextLength < 1) {
                throw new SpeechException("Open JTalk maximum text length must be positive");
            }
        }

        /** Debian's program and dictionary, the voice from {@link #defaultVoice()}. */
        public static Config defaults() {
            return new Config(DEFAULT_BINARY, DEFAULT_DICTIONARY, defaultVoice(), 1.0, Duration.ofSeconds(20), 2000);
        }

        /** $UKETSUKE_OPENJTALK_VOICE, else where the launcher's run puts it: $UKETSUKE_DATA_DIR/voices (./data). */
        public static Path defaultVoice() {
            String configured = System.getenv(VOICE_VARIABLE);
            if (configured != null && !configured.isBlank()) {
                return Path.of(configured);
            }
            String dataDir = System.getenv("UKETSUKE_DATA_DIR");
            return Path.of(dataDir == null || dataDir.isBlank() ? "data" : dataDir, "voices", VOICE_FILE);
        }

        public Config withBinary(Path value) {
            return new Config(value, dictionary, voice, speed, timeout, maxTextLength);
        }

        public Config withSpeed(double value) {
            return new Config(binary, dictionary, voice, value, timeout, maxTextLength);
        }

        public Config withTimeout(Duration value) {
            return new Config(binary, dictionary, voice, speed, value, maxTextLength);
        }
    }

    private final Config config;
    private final Path scratch;

    public OpenJTalkSynthesizer(Config config) {
        this(config, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** @param scratch where each call makes (and removes) its private temporary directory */
    OpenJTalkSynthesizer(Config config, Path scratch) {
        if (!Files.isRegularFile(config.binary()) || !Files.isExecutable(config.binary())) {
            throw new SpeechException("Open JTalk not found at " + config.binary() + "; install the Debian packages "
                    + "open-jtalk and open-jtalk-mecab-naist-jdic (apt-get install open-jtalk "
                    + "open-jtalk-mecab-naist-jdic) or set uketsuke.speech.openjtalk.binary");
        }
        if (!Files.isRegularFile(config.dictionary().resolve("sys.dic"))) {
            throw new SpeechException("Open JTalk dictionary not found at " + config.dictionary() + " (no sys.dic); "
                    + "install the Debian package open-jtalk-mecab-naist-jdic or set "
                    + "uketsuke.speech.openjtalk.dictionary");
        }
        requireVoice(config.voice());
        this.config = config;
        this.scratch = scratch;
    }

    private static void requireVoice(Path voice) {
        String fix = "; run ./uketsuke voice (installs the HTS voice Mei) or set " + Config.VOICE_VARIABLE
                + " or uketsuke.speech.openjtalk.voice to an .htsvoice file";
        if (!Files.isRegularFile(voice) || !Files.isReadable(voice)) {
            throw new SpeechException("Japanese voice for Open JTalk not found at " + voice + fix);
        }
        try (InputStream in = Files.newInputStream(voice)) {
            // open_jtalk says little more than "cannot load" for a wrong file; say which file is wrong
            if (!Arrays.equals(in.readNBytes(VOICE_MAGIC.length), VOICE_MAGIC)) {
                throw new SpeechException(voice + " is not an HTS voice file" + fix);
            }
        } catch (IOException e) {
            throw new SpeechException("cannot read the Japanese voice " + voice + ": " + e.getMessage() + fix, e);
        }
    }

    @Override
    public AudioClip synthesize(String text, String language) {
        requireJapanese(language);
        if (text == null) {
            throw new SpeechException("nothing to synthesise: the prompt text is empty");
        }
        if (text.length() > config.maxTextLength()) {
            throw new SpeechException("prompt text has " + text.length() + " characters, more than the limit of "
                    + config.maxTextLength());
        }
        String speakable = PromptLines.speakable(text);
        if (speakable.isEmpty()) {
            throw new SpeechException("nothing to synthesise: the prompt text is empty");
        }
        long started = System.nanoTime();
        long deadline = started + config.timeout().toNanos();
        Path work = null;
        try {
            work = Files.createTempDirectory(scratch, "uketsuke-openjtalk-"); // owner-only on POSIX
            List<AudioClip> parts = new ArrayList<>();
            for (String line : PromptLines.split(speakable, PromptLines.MAX_LINE_BYTES)) {
                speakLine(line, work, deadline).ifPresent(parts::add);
            }
            if (parts.isEmpty()) {
                throw new SpeechException("Open JTalk found nothing it can pronounce in the prompt text");
            }
            AudioClip clip = joined(parts);
            log.debug("synthesised {} characters into {} ms of audio in {} ms", text.length(),
                    clip.duration().toMillis(), (System.nanoTime() - started) / 1_000_000);
            return clip;
        } catch (IOException e) {
            throw new SpeechException("Open JTalk failed: " + e.getMessage(), e);
        } finally {
            removeQuietly(work);
        }
    }

    /** One line through one open_jtalk process; empty when the line has nothing to pronounce (emoji, marks). */
    private Optional<AudioClip> speakLine(String line, Path work, long deadline) throws IOException {
        Path wav = work.resolve("prompt.wav");
        Path errors = work.resolve("errors.txt");
        Files.deleteIfExists(wav);
        // absolute paths: a configured path starting with "-" must not read as an option
        List<String> command = List.of(config.binary().toAbsolutePath().toString(),
                "-x", config.dictionary().toAbsolutePath().toString(), "-m", config.voice().toAbsolutePath().toString(),
                "-r", Double.toString(config.speed()), "-ow", wav.toAbsolutePath().toString());
        Process process;
        try {
            process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(errors.toFile()).start();
        } catch (IOException e) {
            throw new SpeechException("cannot run Open JTalk (" + e.getMessage() + "); install the Debian package "
                    + "open-jtalk", e);
        }
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the program ended without reading its input; its exit code below says why
            }
            long remaining = deadline - System.nanoTime();
            if (!process.waitFor(Math.max(0, remaining), TimeUnit.NANOSECONDS)) {
                throw new SpeechException("Open JTalk did not finish within " + config.timeout().toMillis()
                        + " ms and was stopped");
            }
            if (process.exitValue() != 0) {
                String reason = firstLine(errors);
                if (reason.contains("No phoneme") || reason.contains("cannot be synthesized")) {
                    return Optional.empty();
                }
                throw new SpeechException("Open JTalk failed with exit code " + process.exitValue()
                        + (reason.isEmpty() ? "" : ": " + reason));
            }
            return Optional.of(WavFiles.read(wav));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpeechException("interrupted while waiting for Open JTalk", e);
        } finally {
            stop(process);
        }
    }

    private static void requireJapanese(String language) {
        if (language == null || !language.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")) {
            throw new SpeechException("not a language tag: " + (language == null ? "null" : "'" + language + "'"));
        }
        String primary = language.toLowerCase(Locale.ROOT).split("-", 2)[0];
        if (!primary.equals("ja")) {
            throw new SpeechException("Open JTalk speaks Japanese only, not " + language);
        }
    }

    /** A script standing in for open_jtalk may have started children; they go too. */
    private static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String firstLine(Path errors) {
        try (InputStream in = Files.newInputStream(errors)) {
            String text = new String(in.readNBytes(MAX_ERROR_BYTES), StandardCharsets.UTF_8);
            // the program's own words, without its warnings' line breaks or anything unprintable
            return text.lines().filter(l -> l.startsWith("Error") || l.contains("No phoneme")).findFirst()
                    .orElse(text.lines().findFirst().orElse(""))
                    .replaceAll("\\p{Cc}", " ").strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static AudioClip joined(List<AudioClip> parts) {
        int rate = parts.getFirst().sampleRate();
        int length = 0;
        for (AudioClip part : parts) {
            if (part.sampleRate() != rate) {
                throw new SpeechException("Open JTalk changed its sample rate within one prompt");
            }
            length += part.samples().length;
        }
        short[] samples = new short[length];
        int at = 0;
        for (AudioClip part : parts) {
            System.arraycopy(part.samples(), 0, samples, at, part.samples().length);
            at += part.samples().length;
        }
        return new AudioClip(rate, samples);
    }

    private static void removeQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            log.warn("could not remove Open JTalk's temporary directory {}: {}", directory, e.getMessage());
        }
    }
}
