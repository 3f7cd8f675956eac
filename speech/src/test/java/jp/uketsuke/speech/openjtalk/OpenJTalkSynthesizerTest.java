package jp.uketsuke.speech.openjtalk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jp.uketsuke.speech.AudioClip;
import jp.uketsuke.speech.Resampler;
import jp.uketsuke.speech.SpeechException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real open_jtalk with the real voice; ./uketsuke test installs both and sets
 * UKETSUKE_OPENJTALK_VOICE (run Maven directly: export it, e.g. ~/.cache/uketsuke/voices/mei_normal.htsvoice).
 */
class OpenJTalkSynthesizerTest {

    static final String GREETING = "お電話ありがとうございます。山田商事の受付です。ご用件をお話しください。";

    @TempDir
    Path scratch;

    private OpenJTalkSynthesizer openJtalk(OpenJTalkSynthesizer.Config config) {
        return new OpenJTalkSynthesizer(config, scratch);
    }

    private OpenJTalkSynthesizer openJtalk() {
        return openJtalk(OpenJTalkSynthesizer.Config.defaults());
    }

    @Test
    void speaksJapaneseWithKanjiAt48kHzAndResamplesTo8kHzForTheTelephone() {
        long started = System.nanoTime();
        AudioClip clip = openJtalk().synthesize(GREETING, "ja-JP");
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("Open JTalk: %d ms of audio in %d ms%n", clip.duration().toMillis(), millis);

        assertThat(clip.sampleRate()).isEqualTo(48000);
        assertThat(clip.duration().toMillis()).isBetween(4000L, 10_000L);
        assertThat(rmsDbfs(clip)).isGreaterThan(-30);
        AudioClip telephone = Resampler.resample(clip, 8000);
        assertThat(telephone.sampleRate()).isEqualTo(8000);
        assertThat(telephone.samples().length).isCloseTo(clip.samples().length / 6, within(2));
        // speech energy lies mostly below 4 kHz: the telephone band keeps nearly all of it
        assertThat(rmsDbfs(telephone)).isGreaterThan(rmsDbfs(clip) - 3);
        assertThat(millis).isLessThan(5000);
        assertThat(scratch).isEmptyDirectory();
    }

    @Test
    void readsKanjiAsWordsTakingAsLongAsTheKanaReading() {
        // espeak-ng says "Chinese letter" for each kanji: over three times as long as the reading
        AudioClip kanji = openJtalk().synthesize("営業時間は平日の午前九時から午後五時までです。", "ja");
        AudioClip kana = openJtalk().synthesize("えいぎょうじかんはへいじつのごぜんくじからごごごじまでです。", "ja");

        assertThat(kanji.duration().toMillis()).isBetween(kana.duration().toMillis() * 9 / 10,
                kana.duration().toMillis() * 11 / 10);
    }

    @Test
    void concurrentPromptsGiveTheSameAudioAsOneAtATime() throws Exception {
        OpenJTalkSynthesizer engine = openJtalk();
        List<String> prompts = List.of(GREETING, "少々お待ちください。", "担当者におつなぎします。",
                "営業時間外です。", GREETING, "少々お待ちください。");
        List<AudioClip> alone = new ArrayList<>();
        for (String prompt : prompts) {
            alone.add(engine.synthesize(prompt, "ja-JP"));
        }

        long started = System.nanoTime();
        List<Future<AudioClip>> together = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(prompts.size())) {
            for (String prompt : prompts) {
                together.add(pool.submit(() -> engine.synthesize(prompt, "ja-JP")));
            }
            for (int i = 0; i < prompts.size(); i++) {
                assertThat(together.get(i).get().samples()).isEqualTo(alone.get(i).samples());
            }
        }
        System.out.printf("Open JTalk: %d prompts at once in %d ms%n", prompts.size(),
                (System.nanoTime() - started) / 1_000_000);
        assertThat(scratch).isEmptyDirectory();
    }

    @Test
    void fasterSpeedGivesShorterAudio() {
        OpenJTalkSynthesizer fast = openJtalk(OpenJTalkSynthesizer.Config.defaults().withSpeed(1.5));

        assertThat(fast.synthesize(GREETING, "ja").duration().toMillis())
                .isLessThan(openJtalk().synthesize(GREETING, "ja").duration().toMillis() * 8 / 10);
    }

    @Test
    void textThatLooksLikeOptionsOrControlSequencesIsSpokenNotObeyed(@TempDir Path elsewhere) {
        Path target = elsewhere.resolve("owned.wav");

        AudioClip clip = openJtalk().synthesize("-x /etc -m /etc/passwd -ow " + target
                + " \u0000\u0007\u001b[2J; $(id) お待ちください", "ja-JP");

        assertThat(clip.duration().toMillis()).isGreaterThan(1000);
        assertThat(target).doesNotExist();
        assertThat(scratch).isEmptyDirectory();
    }

    @Test
    void aNewlineDoesNotCutThePromptShort() {
        // open_jtalk reads one line only; the second sentence must not be dropped
        AudioClip first = openJtalk().synthesize("一行目です。", "ja");
        AudioClip both = openJtalk().synthesize("一行目です。\n二行目は少し長い文です。\r\n三行目です。", "ja");

        assertThat(both.duration().toMillis()).isGreaterThan(first.duration().toMillis() * 3);
    }

    @Test
    void aPromptLongerThanOpenJTalksLineBufferIsSpokenWhole() {
        String sentence = "本日はお電話いただき誠にありがとうございます。";
        AudioClip once = openJtalk().synthesize(sentence, "ja");
        // 30 sentences are about 2 000 UTF-8 bytes, twice what open_jtalk reads from one line
        AudioClip many = openJtalk().synthesize(sentence.repeat(30), "ja");

        assertThat(many.duration().toMillis()).isGreaterThan(once.duration().toMillis() * 25);
    }

    @Test
    void refusesEmptyOverlongAndUnpronounceableTextCleanly() {
        OpenJTalkSynthesizer engine = openJtalk();

        assertThatThrownBy(() -> engine.synthesize(null, "ja")).isInstanceOf(SpeechException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> engine.synthesize(" \t\n\u3000\u200b\r ", "ja")).isInstanceOf(SpeechException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> engine.synthesize("あ".repeat(100_000), "ja")).isInstanceOf(SpeechException.class)
                .hasMessageContaining("100000 characters").hasMessageContaining("limit");
        assertThatThrownBy(() -> engine.synthesize("😀🎉👍", "ja")).isInstanceOf(SpeechException.class)
                .hasMessageContaining("nothing it can pronounce");
        assertThat(scratch).isEmptyDirectory();
        // emoji and a lone surrogate amid words are passed over, the words spoken
        assertThat(engine.synthesize("😀 ありがとうございます \ud800", "ja").duration().toMillis()).isGreaterThan(800);
    }

    @Test
    void speaksJapaneseOnlyAndRefusesMalformedLanguageTags() {
        OpenJTalkSynthesizer engine = openJtalk();

        assertThat(engine.synthesize("はい", "JA-jp").sampleRate()).isEqualTo(48000);
        assertThatThrownBy(() -> engine.synthesize("hello", "en-US")).isInstanceOf(SpeechException.class)
                .hasMessageContaining("Japanese only");
        assertThatThrownBy(() -> engine.synthesize("はい", "ja -x /etc")).isInstanceOf(SpeechException.class)
                .hasMessageContaining("language tag");
        assertThatThrownBy(() -> engine.synthesize("はい", null)).isInstanceOf(SpeechException.class);
    }

    @Test
    void missingProgramDictionaryOrVoiceNamesWhatToInstallOrConfigure(@TempDir Path nowhere) throws IOException {
        OpenJTalkSynthesizer.Config good = OpenJTalkSynthesizer.Config.defaults();
        Path notAVoice = Files.writeString(nowhere.resolve("voice.htsvoice"), "#!/bin/sh\n");

        assertThatThrownBy(() -> openJtalk(new OpenJTalkSynthesizer.Config(nowhere.resolve("open_jtalk"),
                good.dictionary(), good.voice(), 1.0, Duration.ofSeconds(5), 100)))
                .isInstanceOf(SpeechException.class).hasMessageContaining("apt-get install open-jtalk")
                .hasMessageContaining("uketsuke.speech.openjtalk.binary");
        assertThatThrownBy(() -> openJtalk(new OpenJTalkSynthesizer.Config(good.binary(), nowhere, good.voice(),
                1.0, Duration.ofSeconds(5), 100)))
                .isInstanceOf(SpeechException.class).hasMessageContaining("open-jtalk-mecab-naist-jdic")
                .hasMessageContaining("uketsuke.speech.openjtalk.dictionary");
        assertThatThrownBy(() -> openJtalk(new OpenJTalkSynthesizer.Config(good.binary(), good.dictionary(),
                nowhere.resolve("mei_normal.htsvoice"), 1.0, Duration.ofSeconds(5), 100)))
                .isInstanceOf(SpeechException.class).hasMessageContaining("./uketsuke voice")
                .hasMessageContaining("UKETSUKE_OPENJTALK_VOICE");
        assertThatThrownBy(() -> openJtalk(new OpenJTalkSynthesizer.Config(good.binary(), good.dictionary(),
                notAVoice, 1.0, Duration.ofSeconds(5), 100)))
                .isInstanceOf(SpeechException.class).hasMessageContaining("not an HTS voice file");
    }

    @Test
    void aProgramThatHangsIsKilledAtTheTimeout(@TempDir Path bin) throws Exception {
        Path pidFile = bin.resolve("pid");
        Path hanging = script(bin, "echo $$ > " + pidFile + "\nsleep 60\n");
        OpenJTalkSynthesizer engine = openJtalk(OpenJTalkSynthesizer.Config.defaults().withTimeout(Duration.ofSeconds(1))
                .withBinary(hanging));

        long started = System.nanoTime();
        assertThatThrownBy(() -> engine.synthesize("はい", "ja")).isInstanceOf(SpeechException.class)
                .hasMessageContaining("did not finish within 1000 ms");

        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5000);
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(scratch).isEmptyDirectory();
    }

    @Test
    void aFailingProgramOrOneThatWritesNoWavIsAClearError(@TempDir Path bin) throws IOException {
        Path failing = script(bin, "echo 'Error: Dictionary or HTS voice cannot be loaded.' >&2\nexit 1\n");
        // writes junk where the WAV should go: the last argument, after -ow
        Path junk = script(bin, "for a; do out=$a; done\necho 'RIFF? no' > \"$out\"\n");

        assertThatThrownBy(() -> openJtalk(OpenJTalkSynthesizer.Config.defaults().withBinary(failing))
                .synthesize("はい", "ja")).isInstanceOf(SpeechException.class)
                .hasMessageContaining("exit code 1").hasMessageContaining("cannot be loaded");
        assertThatThrownBy(() -> openJtalk(OpenJTalkSynthesizer.Config.defaults().withBinary(junk))
                .synthesize("はい", "ja")).isInstanceOf(SpeechException.class).hasMessageContaining("WAV");
        assertThat(scratch).isEmptyDirectory();
    }

    @Test
    void invalidConfigurationIsRejected() {
        OpenJTalkSynthesizer.Config good = OpenJTalkSynthesizer.Config.defaults();

        assertThatThrownBy(() -> good.withSpeed(0.1)).isInstanceOf(SpeechException.class);
        assertThatThrownBy(() -> good.withSpeed(Double.NaN)).isInstanceOf(SpeechException.class);
        assertThatThrownBy(() -> good.withTimeout(Duration.ZERO)).isInstanceOf(SpeechException.class);
        assertThatThrownBy(() -> good.withBinary(null)).isInstanceOf(SpeechException.class);
        assertThatThrownBy(() -> new OpenJTalkSynthesizer.Config(good.binary(), good.dictionary(), good.voice(), 1.0,
                Duration.ofSeconds(1), 0)).isInstanceOf(SpeechException.class);
    }

    private static Path script(Path dir, String body) throws IOException {
        Path file = Files.writeString(dir.resolve("open_jtalk-" + Math.abs(body.hashCode())), "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    private static double rmsDbfs(AudioClip clip) {
        double sum = 0;
        for (short s : clip.samples()) {
            sum += (double) s * s;
        }
        return 20 * Math.log10(Math.sqrt(sum / clip.samples().length) / 32768);
    }
}
