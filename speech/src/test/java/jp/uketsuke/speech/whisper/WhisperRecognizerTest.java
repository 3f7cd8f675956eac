package jp.uketsuke.speech.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import jp.uketsuke.speech.SpeechException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No whisper model can be downloaded here: these tests hand the engine files that are not models.
 * whisper.cpp aborts the JVM on a truncated header, so each of them reaching its assertion also
 * proves the file never got that far.
 */
class WhisperRecognizerTest {

    @TempDir
    Path dir;

    @Test
    void missingOrUnsetModelFileIsAClearError() {
        assertThatThrownBy(() -> load(dir.resolve("ggml-small.bin"))).isInstanceOf(SpeechException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> load(null)).isInstanceOf(SpeechException.class)
                .hasMessageContaining("no whisper model file");
    }

    @Test
    void directoryIsNotAModelFile() {
        assertThatThrownBy(() -> load(dir)).isInstanceOf(SpeechException.class)
                .hasMessageContaining("is a directory").hasMessageContaining("ggml-small.bin");
    }

    @Test
    void emptyFileAndRandomBytesAreNotModels() throws Exception {
        Path empty = Files.write(dir.resolve("empty.bin"), new byte[0]);
        byte[] noise = new byte[64 * 1024];
        new Random(1).nextBytes(noise);
        Path random = Files.write(dir.resolve("random.bin"), noise);
        Path gguf = Files.write(dir.resolve("model.gguf"), "GGUF\3\0\0\0".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> load(empty)).isInstanceOf(SpeechException.class).hasMessageContaining("is empty");
        assertThatThrownBy(() -> load(random)).isInstanceOf(SpeechException.class)
                .hasMessageContaining("not a whisper.cpp ggml model");
        assertThatThrownBy(() -> load(gguf)).isInstanceOf(SpeechException.class).hasMessageContaining("GGUF");
    }

    @Test
    void truncatedHeaderIsRefusedBeforeWhisperCppCanAbortTheJvm() throws Exception {
        byte[] model = tinyModel("decoder.bogus.weight");
        for (int length : new int[] {3, 4, 20, 48, 60, 1000, 56 + 80 * 201 * 4 + 3, model.length - 1}) {
            Path cut = Files.write(dir.resolve("cut-" + length + ".bin"), Arrays.copyOf(model, length));

            assertThatThrownBy(() -> load(cut)).as("cut at %d bytes", length).isInstanceOf(SpeechException.class)
                    .hasMessageContaining("truncated");
        }
    }

    @Test
    void headerWithoutWeightsIsRefusedThoughWhisperCppWouldLoadItAsAnEmptyModel() throws Exception {
        Path bare = Files.write(dir.resolve("bare.bin"), header(8, 80, 201).toByteArray());

        assertThatThrownBy(() -> load(bare)).isInstanceOf(SpeechException.class)
                .hasMessageContaining("holds no weights");
    }

    @Test
    void implausibleHeaderOrTensorIsRefused() throws Exception {
        Path zeroWidth = Files.write(dir.resolve("zero.bin"), header(0, 80, 201).toByteArray());
        Path wrongFilters = Files.write(dir.resolve("filters.bin"), header(8, 80, 200).toByteArray());
        ByteArrayOutputStream fiveDimensions = header(8, 80, 201);
        writeInts(fiveDimensions, 5, 4, 0, 1, 1, 1, 1, 1);
        Path tensor = Files.write(dir.resolve("tensor.bin"), fiveDimensions.toByteArray());

        assertThatThrownBy(() -> load(zeroWidth)).isInstanceOf(SpeechException.class)
                .hasMessageContaining("header no whisper model has");
        assertThatThrownBy(() -> load(wrongFilters)).isInstanceOf(SpeechException.class)
                .hasMessageContaining("mel filters");
        assertThatThrownBy(() -> load(tensor)).isInstanceOf(SpeechException.class)
                .hasMessageContaining("malformed tensor 1");
    }

    @Test
    void headerPromisingAFarLargerModelThanTheFileHoldsIsRefused() throws Exception {
        ByteArrayOutputStream big = header(1280, 128, 201);
        writeTensor(big, "encoder.conv1.bias", 1024);
        Path file = Files.write(dir.resolve("big.bin"), big.toByteArray());

        assertThatThrownBy(() -> load(file)).isInstanceOf(SpeechException.class)
                .hasMessageContaining("too little for the model its header describes");
    }

    @Test
    void soundFileWithTensorsWhisperDoesNotKnowIsRejectedByWhisperCppCleanly() throws Exception {
        Path file = Files.write(dir.resolve("ggml-fake.bin"), tinyModel("decoder.bogus.weight"));

        WhisperModelFile.check(file); // structurally sound, so it reaches the native loader
        assertThatThrownBy(() -> load(file)).isInstanceOf(SpeechException.class)
                .hasMessageContaining("whisper.cpp could not load the model");
    }

    @Test
    void poolAndThreadSettingsAreBounded() {
        assertThatThrownBy(() -> new WhisperRecognizer.Config(dir, 0, 0)).isInstanceOf(SpeechException.class);
        assertThatThrownBy(() -> new WhisperRecognizer.Config(dir, 2, -1)).isInstanceOf(SpeechException.class);
    }

    @Test
    void languageIsThePrimarySubtagWhisperKnows() {
        assertThat(WhisperRecognizer.language("ja-JP")).isEqualTo("ja");
        assertThat(WhisperRecognizer.language("EN_us")).isEqualTo("en");
        assertThat(WhisperRecognizer.language("yue-HK")).isEqualTo("yue");
        for (String unknown : new String[] {"xx-XX", "", "ja\0", "../ja", null}) {
            assertThatThrownBy(() -> WhisperRecognizer.language(unknown)).isInstanceOf(SpeechException.class);
        }
    }

    private static WhisperRecognizer load(Path model) {
        return new WhisperRecognizer(WhisperRecognizer.Config.of(model));
    }

    /** A whisper-shaped file (width 8, one layer) whose weights are one tensor of the given name. */
    static byte[] tinyModel(String tensorName) {
        ByteArrayOutputStream out = header(8, 80, 201);
        writeTensor(out, tensorName, 128 * 1024);
        return out.toByteArray();
    }

    /** Magic, hyper-parameters of the given width, mel filters and an empty vocabulary. */
    static ByteArrayOutputStream header(int width, int mels, int fftBins) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeInts(out, WhisperModelFile.MAGIC, 51_864, 1500, width, 1, 1, 448, width, 1, 1, mels, 0);
        writeInts(out, mels, fftBins);
        out.writeBytes(new byte[mels * fftBins * 4]);
        writeInts(out, 0);
        return out;
    }

    static void writeTensor(ByteArrayOutputStream out, String name, int elements) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        writeInts(out, 1, bytes.length, 0, elements);
        out.writeBytes(bytes);
        out.writeBytes(new byte[elements * 4]);
    }

    static void writeInts(ByteArrayOutputStream out, int... values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            buf.putInt(v);
        }
        out.writeBytes(buf.array());
    }
}
