package jp.uketsuke.speech;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the tests that need Japanese have to find on the machine: a model named by an environment
 * variable, and Open JTalk (Debian open-jtalk, open-jtalk-mecab-naist-jdic, hts-voice-nitech-jp-atr503-m001)
 * to speak. Anything missing skips the test and says why.
 */
public final class JapaneseSpeech {

    private static final Path OPEN_JTALK = Path.of("/usr/bin/open_jtalk");
    private static final List<Path> DICTIONARIES = List.of(Path.of("/var/lib/mecab/dic/open-jtalk/naist-jdic"),
            Path.of("/usr/share/open_jtalk/dic"));
    private static final List<Path> VOICES = List.of(
            Path.of("/usr/share/hts-voice/nitech-jp-atr503-m001/nitech_jp_atr503_m001.htsvoice"),
            Path.of("/usr/share/hts-voice/mei/mei_normal.htsvoice"));

    private JapaneseSpeech() {
    }

    /** The model path in {@code variable}; the test is skipped when it is not set. */
    public static Path model(String variable) {
        String value = System.getenv(variable);
        assumeTrue(value != null && !value.isBlank(), variable + " is not set: no Japanese model to test with");
        return Path.of(value.strip());
    }

    /** Open JTalk speaking {@code text} (48 kHz by default); the test is skipped when it is not installed. */
    public static AudioClip speak(String text) {
        assumeTrue(Files.isExecutable(OPEN_JTALK), "Open JTalk is not installed at " + OPEN_JTALK);
        Optional<Path> dictionary = DICTIONARIES.stream().filter(Files::isDirectory).findFirst();
        assumeTrue(dictionary.isPresent(), "no Open JTalk dictionary (Debian open-jtalk-mecab-naist-jdic)");
        Optional<Path> voice = VOICES.stream().filter(Files::isRegularFile).findFirst();
        assumeTrue(voice.isPresent(), "no HTS voice for Open JTalk (Debian hts-voice-nitech-jp-atr503-m001)");
        try {
            Path dir = Files.createTempDirectory("uketsuke-jtalk");
            Path input = Files.writeString(dir.resolve("text.txt"), text, StandardCharsets.UTF_8);
            Path wav = dir.resolve("speech.wav");
            Process process = new ProcessBuilder(OPEN_JTALK.toString(), "-x", dictionary.get().toString(), "-m",
                    voice.get().toString(), "-ow", wav.toString(), input.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("open_jtalk failed: " + Files.readString(dir.resolve("log.txt")));
            }
            return WavFiles.read(wav);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run open_jtalk", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while open_jtalk spoke", e);
        }
    }

    /** A caller on the telephone: silence, the words at 8 kHz, silence. */
    public static AudioClip onThePhone(String text) {
        return TestAudio.concat(TestAudio.silence(8000, 400), Resampler.resample(speak(text), 8000),
                TestAudio.silence(8000, 600));
    }
}
