package jp.uketsuke.speech.espeak;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jp.uketsuke.speech.AudioClip;
import jp.uketsuke.speech.SpeechException;
import jp.uketsuke.speech.SpeechSynthesizer;
import jp.uketsuke.speech.WavFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speaks prompts with the espeak-ng program (Debian package {@code espeak-ng}). The text goes to the
 * program's standard input, never onto a command line or through a shell; the WAV comes back on
 * standard output at 22050 Hz.
 */
public final class EspeakSynthesizer implements SpeechSynthesizer {

    private static final Logger log = LoggerFactory.getLogger(EspeakSynthesizer.class);
    private static final int MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

    public record Config(Path binary, int wordsPerMinute, Duration timeout, int maxTextLength) {

        public static final Path DEFAULT_BINARY = Path.of("/usr/bin/espeak-ng");

        public Config {
            if (binary == null) {
                throw new SpeechException("espeak-ng binary path is not set");
            }
            if (wordsPerMinute < 80 || wordsPerMinute > 450) {
                throw new SpeechException("espeak-ng rate must be 80–450 words per minute, not " + wordsPerMinute);
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new SpeechException("espeak-ng timeout must be positive");
            }
            if (maxTextLength < 1) {
                throw new SpeechException("espeak-ng maximum text length must be positive");
            }
        }

        public static Config defaults() {
            return new Config(DEFAULT_BINARY, 160, Duration.ofSeconds(20), 2000);
        }
    }

    private final Config config;

    public EspeakSynthesizer(Config config) {
        if (!Files.isExecutable(config.binary())) {
            throw new SpeechException("espeak-ng not found at " + config.binary()
                    + "; install the Debian package espeak-ng (apt-get install espeak-ng)");
        }
        this.config = config;
    }

    @Override
    public AudioClip synthesize(String text, String language) {
        if (text == null || text.isBlank()) {
            throw new SpeechException("nothing to synthesise: the prompt text is empty");
        }
        if (text.length() > config.maxTextLength()) {
            throw new SpeechException("prompt text has " + text.length() + " characters, more than the limit of "
                    + config.maxTextLength());
        }
        List<String> command = List.of(config.binary().toString(), "--stdout", "-b", "1", // -b 1: input is UTF-8
                "-v", voice(language), "-s", Integer.toString(config.wordsPerMinute()));
        long started = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new SpeechException("cannot run espeak-ng (" + e.getMessage()
                    + "); install the Debian package espeak-ng", e);
        }
        try {
            // Read stdout while writing stdin so neither pipe can fill up and block the other side.
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readLimited(process.getInputStream()),
                    Thread::startVirtualThread);
            IOException writeFailure = null;
            try (OutputStream stdin = process.getOutputStream()) {
                // Control characters could be read as espeak-ng markup or commands; speak them as spaces.
                stdin.write(text.replaceAll("[\\p{Cntrl}]", " ").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                writeFailure = e; // the program died early; its exit code below says more than "broken pipe"
            }
            if (!process.waitFor(config.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SpeechException("espeak-ng did not finish within " + config.timeout().toMillis() + " ms");
            }
            if (process.exitValue() != 0) {
                throw new SpeechException("espeak-ng failed with exit code " + process.exitValue());
            }
            if (writeFailure != null) {
                throw writeFailure;
            }
            byte[] wav = output.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
            AudioClip clip = WavFiles.read(wav);
            log.debug("synthesised {} characters into {} ms of audio in {} ms", text.length(),
                    clip.duration().toMillis(), (System.nanoTime() - started) / 1_000_000);
            return clip;
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new SpeechException("espeak-ng failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpeechException("interrupted while waiting for espeak-ng", e);
        } finally {
            process.destroyForcibly();
        }
    }

    private static byte[] readLimited(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16384];
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (out.size() + n > MAX_OUTPUT_BYTES) {
                    throw new SpeechException("espeak-ng produced more than " + MAX_OUTPUT_BYTES + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new SpeechException("cannot read espeak-ng output: " + e.getMessage(), e);
        }
    }

    /** espeak-ng voice for a BCP 47 tag: en-US → en-us, ja-JP → ja. */
    static String voice(String language) {
        if (language == null || !language.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")) {
            throw new SpeechException("not a language tag: " + (language == null ? "null" : "'" + language + "'"));
        }
        String tag = language.toLowerCase(Locale.ROOT);
        return switch (tag) {
            case "en-us", "en" -> "en-us";
            case "en-gb" -> "en-gb";
            case "ja-jp", "ja" -> "ja";
            default -> tag.substring(0, tag.indexOf('-') < 0 ? tag.length() : tag.indexOf('-'));
        };
    }
}
