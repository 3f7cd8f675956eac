package jp.uketsuke.speech.vosk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jp.uketsuke.speech.Recognition;
import jp.uketsuke.speech.SpeechException;
import jp.uketsuke.speech.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No Vosk model can be downloaded here, so these tests cover configuration errors and the JSON edges. */
class VoskRecognizerTest {

    @Test
    void missingModelDirectoryIsAClearError(@TempDir Path dir) {
        assertThatThrownBy(() -> new VoskRecognizer(dir.resolve("vosk-model-small-ja-0.22")))
                .isInstanceOf(SpeechException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> new VoskRecognizer(null)).isInstanceOf(SpeechException.class)
                .hasMessageContaining("no Vosk model directory");
    }

    @Test
    void fileOrEmptyDirectoryIsNotAModel(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("model.zip"), "PK");
        Path empty = Files.createDirectory(dir.resolve("empty"));

        assertThatThrownBy(() -> new VoskRecognizer(file)).isInstanceOf(SpeechException.class)
                .hasMessageContaining("not a directory");
        assertThatThrownBy(() -> new VoskRecognizer(empty)).isInstanceOf(SpeechException.class)
                .hasMessageContaining("does not hold a Vosk model");
    }

    @Test
    void corruptModelFilesAreAClearError(@TempDir Path model) throws Exception {
        Files.createDirectories(model.resolve("am"));
        Files.createDirectories(model.resolve("conf"));
        Files.writeString(model.resolve("am/final.mdl"), "not a kaldi model");
        Files.writeString(model.resolve("conf/mfcc.conf"), "--sample-frequency=16000\n");

        assertThatThrownBy(() -> new VoskRecognizer(model)).isInstanceOf(SpeechException.class)
                .hasMessageContaining("could not load the model");
    }

    @Test
    void grammarEscapesEveryPhraseAndAddsUnknown() {
        Vocabulary vocabulary = new Vocabulary("ja-JP", List.of("営業時間は", "say \"hi\" \\ now", "tab\there", " "));

        assertThat(VoskRecognizer.grammar(vocabulary))
                .isEqualTo("[\"営業時間は\",\"say \\\"hi\\\" \\\\ now\",\"tab\\u0009here\",\"[unk]\"]");
    }

    @Test
    void parsesTextAndConfidenceAndTreatsUnknownAsNothing() {
        String json = "{\"result\" : [{\"conf\" : 0.9, \"word\" : \"営業\"}, {\"conf\" : 0.7, \"word\" : \"時間\"}],"
                + " \"text\" : \"営業 時間\"}";

        Recognition heard = VoskRecognizer.parse(json);

        assertThat(heard.text()).isEqualTo("営業 時間");
        assertThat(heard.confidence()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(VoskRecognizer.parse("{\"text\" : \"[unk]\"}")).isEqualTo(Recognition.NOTHING);
        assertThat(VoskRecognizer.parse("garbage {")).isEqualTo(Recognition.NOTHING);
        assertThat(VoskRecognizer.parse(null)).isEqualTo(Recognition.NOTHING);
    }

    @Test
    void partialHypothesisIsReadWithoutUnknownWords() {
        assertThat(VoskRecognizer.partial("{\n  \"partial\" : \"営業 [unk] 時間\"\n}")).isEqualTo("営業 時間");
        assertThat(VoskRecognizer.partial("{\"partial\" : \"\"}")).isEmpty();
        assertThat(VoskRecognizer.partial("{\"text\" : \"終わり\"}")).isEmpty();
        assertThat(VoskRecognizer.partial("not json")).isEmpty();
        assertThat(VoskRecognizer.partial(null)).isEmpty();
    }
}
