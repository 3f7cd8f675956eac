package jp.uketsuke.speech.whisper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import jp.uketsuke.speech.SpeechException;

/**
 * Walks a whisper.cpp ggml model file before whisper.cpp sees it. whisper.cpp trusts every number
 * after the magic: a truncated header aborts the whole JVM, and a bare header loads as an "empty
 * model". This check catches files that are not whisper models, truncated or corrupt; the model file
 * is still trusted configuration, not a sandbox against a crafted file.
 *
 * <p>Layout (whisper.cpp 1.7): magic "ggml", eleven int32 hyper-parameters, the mel filter bank,
 * the vocabulary, then tensors (dimension count, name length, type, shape, name, data) up to the end.
 */
final class WhisperModelFile {

    static final int MAGIC = 0x67676d6c; // "ggml" as a little-endian int32
    private static final int GGUF = 0x46554747; // "GGUF", the newer format whisper.cpp 1.7 does not read
    private static final int MEL_FFT_BINS = 201; // 1 + 400-sample FFT / 2
    private static final int MAX_TOKEN_BYTES = 1024;
    private static final int MAX_TENSORS = 10_000;
    private static final int MAX_NAME = 256;
    // The smallest weight format whisper.cpp writes (q2_K) spends about a third of a byte per weight.
    private static final double MIN_BYTES_PER_WEIGHT = 0.25;

    private final Path file;
    private final FileChannel channel;
    private final long size;
    private final ByteBuffer word = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    private long position;

    private WhisperModelFile(Path file, FileChannel channel) throws IOException {
        this.file = file;
        this.channel = channel;
        this.size = channel.size();
    }

    /** Throws a {@link SpeechException} saying what is wrong with the file, or returns when it looks sound. */
    static void check(Path file) {
        if (file == null) {
            throw new SpeechException("no whisper model file is configured");
        }
        if (!Files.exists(file)) {
            throw new SpeechException("whisper model file " + file + " does not exist; put a whisper.cpp ggml model "
                    + "there (e.g. ggml-small.bin or ggml-large-v3-turbo.bin)");
        }
        if (Files.isDirectory(file)) {
            throw new SpeechException("whisper model path " + file + " is a directory; it must name the ggml model "
                    + "file itself (e.g. " + file.resolve("ggml-small.bin") + ")");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new SpeechException("whisper model file " + file + " is not a readable file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            new WhisperModelFile(file, channel).walk();
        } catch (IOException e) {
            throw new SpeechException("cannot read whisper model file " + file + ": " + e.getMessage(), e);
        }
    }

    private void walk() throws IOException {
        if (size == 0) {
            throw problem("is empty");
        }
        int magic = int32("its magic number");
        if (magic == GGUF) {
            throw problem("is a GGUF file; whisper.cpp reads the ggml .bin models (ggml-*.bin)");
        }
        if (magic != MAGIC) {
            throw problem("is not a whisper.cpp ggml model (it does not start with the ggml magic)");
        }
        int vocabulary = int32("the header");
        int audioContext = int32("the header");
        int audioState = int32("the header");
        int audioHeads = int32("the header");
        int audioLayers = int32("the header");
        int textContext = int32("the header");
        int textState = int32("the header");
        int textHeads = int32("the header");
        int textLayers = int32("the header");
        int mels = int32("the header");
        int fileType = int32("the header");
        boolean plausible = between(vocabulary, 51_864, 100_000) && between(audioContext, 1, 4096)
                && between(textContext, 1, 4096) && between(audioState, 1, 8192) && textState == audioState
                && between(audioHeads, 1, 256) && between(textHeads, 1, 256) && audioState % audioHeads == 0
                && textState % textHeads == 0 && between(audioLayers, 1, 256) && between(textLayers, 1, 256)
                && between(mels, 1, 256) && between(fileType % 1000, 0, 40) && fileType >= 0;
        if (!plausible) {
            throw problem("has a header no whisper model has (vocabulary " + vocabulary + ", width " + audioState
                    + "/" + textState + ", heads " + audioHeads + "/" + textHeads + ", layers " + audioLayers + "/"
                    + textLayers + ", mel bands " + mels + "); it is damaged or not a whisper model");
        }
        int filterBands = int32("the mel filters");
        int filterBins = int32("the mel filters");
        if (filterBands != mels || filterBins != MEL_FFT_BINS) {
            throw problem("has mel filters of " + filterBands + "×" + filterBins + ", expected " + mels + "×"
                    + MEL_FFT_BINS);
        }
        skip(4L * filterBands * filterBins, "the mel filters");
        int tokens = int32("the vocabulary");
        if (!between(tokens, 0, vocabulary)) {
            throw problem("declares " + tokens + " vocabulary entries for a vocabulary of " + vocabulary);
        }
        for (int i = 0; i < tokens; i++) {
            long length = Integer.toUnsignedLong(int32("the vocabulary"));
            if (length > MAX_TOKEN_BYTES) {
                throw problem("has a vocabulary entry of " + length + " bytes");
            }
            skip(length, "the vocabulary");
        }
        long weights = tensors();
        double d = audioState;
        double expected = audioLayers * 12 * d * d + textLayers * 16 * d * d + (double) vocabulary * d;
        if (weights < expected * MIN_BYTES_PER_WEIGHT) {
            throw problem(String.format(Locale.ROOT, "holds %.1f MB of weights, too little for the model its "
                    + "header describes (about %.0f million weights)", weights / 1e6, expected / 1e6));
        }
    }

    /** Walks the tensors to the end of the file and returns their data size. */
    private long tensors() throws IOException {
        long bytes = 0;
        int count = 0;
        while (position < size) {
            if (++count > MAX_TENSORS) {
                throw problem("has more than " + MAX_TENSORS + " tensors");
            }
            String where = "tensor " + count;
            int dimensions = int32(where);
            int nameLength = int32(where);
            int type = int32(where);
            if (!between(dimensions, 1, 4) || !between(nameLength, 1, MAX_NAME)) {
                throw problem("has a malformed " + where + " (" + dimensions + " dimensions, name of " + nameLength
                        + " bytes)");
            }
            long elements = 1;
            int rowLength = 0;
            for (int i = 0; i < dimensions; i++) {
                int extent = int32(where);
                if (!between(extent, 1, 1 << 24)) {
                    throw problem("has a malformed " + where + " (extent " + extent + ")");
                }
                rowLength = i == 0 ? extent : rowLength;
                elements *= extent;
                if (elements > Integer.MAX_VALUE) {
                    throw problem("has a " + where + " larger than whisper.cpp can load");
                }
            }
            long data = TensorType.bytes(type, elements, rowLength);
            if (data < 0) {
                throw problem("has " + where + " of unsupported type " + type);
            }
            skip(nameLength, where);
            skip(data, where);
            bytes += data;
        }
        if (count == 0) {
            throw problem("holds no weights (only a header): it is truncated");
        }
        return bytes;
    }

    private int int32(String what) throws IOException {
        if (size - position < 4) {
            throw problem("is truncated: it ends at byte " + size + " inside " + what);
        }
        word.clear();
        while (word.hasRemaining()) {
            if (channel.read(word, position + word.position()) < 0) {
                throw problem("is truncated inside " + what);
            }
        }
        position += 4;
        return word.getInt(0);
    }

    private void skip(long bytes, String what) {
        if (bytes > size - position) {
            throw problem("is truncated: it ends at byte " + size + " inside " + what);
        }
        position += bytes;
    }

    private SpeechException problem(String what) {
        return new SpeechException("whisper model file " + file + " " + what);
    }

    private static boolean between(int value, int low, int high) {
        return value >= low && value <= high;
    }

    /** Storage of the ggml tensor types whisper.cpp models use: elements per block and bytes per block. */
    private enum TensorType {
        F32(0, 1, 4), F16(1, 1, 2), Q4_0(2, 32, 18), Q4_1(3, 32, 20), Q5_0(6, 32, 22), Q5_1(7, 32, 24),
        Q8_0(8, 32, 34), Q8_1(9, 32, 36), Q2_K(10, 256, 84), Q3_K(11, 256, 110), Q4_K(12, 256, 144),
        Q5_K(13, 256, 176), Q6_K(14, 256, 210), Q8_K(15, 256, 292), BF16(30, 1, 2);

        private final int id;
        private final int block;
        private final int blockBytes;

        TensorType(int id, int block, int blockBytes) {
            this.id = id;
            this.block = block;
            this.blockBytes = blockBytes;
        }

        /** Data bytes of a tensor, or -1 for a type not listed or rows that do not fill whole blocks. */
        static long bytes(int id, long elements, int rowLength) {
            for (TensorType t : values()) {
                if (t.id == id) {
                    return rowLength % t.block != 0 ? -1 : elements / t.block * t.blockBytes;
                }
            }
            return -1;
        }
    }
}
