package jp.uketsuke.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavFilesTest {

    @Test
    void writesAndReadsBackMonoAudio(@TempDir Path dir) {
        AudioClip tone = TestAudio.tone(8000, 440, 250, 0.5);
        Path file = dir.resolve("tone.wav");

        WavFiles.write(tone, file);
        AudioClip back = WavFiles.read(file);

        assertThat(back.sampleRate()).isEqualTo(8000);
        assertThat(back.samples()).isEqualTo(tone.samples());
    }

    @Test
    void mixesStereoDownToMono() {
        short[] interleaved = {1000, 3000, -2000, -4000, 32767, 32767};

        AudioClip clip = WavFiles.read(WavFiles.toBytes(44100, 2, interleaved));

        assertThat(clip.samples()).containsExactly(2000, -3000, 32767);
    }

    @Test
    void skipsUnknownChunksIncludingOddSizedOnes() {
        byte[] plain = WavFiles.toBytes(new AudioClip(16000, new short[] {5, 6, 7}));
        byte[] list = chunk("LIST", new byte[] {1, 2, 3}); // odd size: one pad byte follows
        byte[] withList = concat(Arrays.copyOfRange(plain, 0, 36), list, Arrays.copyOfRange(plain, 36, plain.length));

        assertThat(WavFiles.read(withList).samples()).containsExactly(5, 6, 7);
    }

    @Test
    void acceptsTheUnknownLengthThatStreamingWritersUse() {
        byte[] wav = WavFiles.toBytes(new AudioClip(22050, new short[] {1, 2, 3, 4}));
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0x7FFFF000);

        assertThat(WavFiles.read(wav).samples()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void rejectsTruncatedAndMalformedFiles() {
        byte[] good = WavFiles.toBytes(TestAudio.tone(8000, 440, 100, 0.5));

        assertRejected(null, "no WAV data");
        assertRejected(new byte[0], "not a WAV");
        assertRejected("hello, this is not audio at all".getBytes(), "not a WAV");
        assertRejected(Arrays.copyOf(good, 20), "");
        assertRejected(Arrays.copyOf(good, 44 + 10), "truncated"); // data chunk declares far more
        assertRejected(Arrays.copyOf(good, 12), "truncated");
        assertRejected(with(good, 16, 0xFFFFFFF0), "format chunk"); // absurd fmt size
        // The RIFF size is never trusted, so an absurd one alone does no harm.
        assertThat(WavFiles.read(with(good, 4, 0xFFFFFFFF)).samples()).hasSize(800);
    }

    @Test
    void rejectsEncodingsOtherThanPcmAndG711AndInconsistentFormats() {
        byte[] good = WavFiles.toBytes(TestAudio.tone(8000, 440, 100, 0.5));
        byte[] floatFormat = good.clone();
        ByteBuffer.wrap(floatFormat).order(ByteOrder.LITTLE_ENDIAN).putShort(20, (short) 3);
        byte[] twelveBit = good.clone();
        ByteBuffer.wrap(twelveBit).order(ByteOrder.LITTLE_ENDIAN).putShort(34, (short) 12);
        byte[] eightBitClaimingTwoBytes = good.clone();
        ByteBuffer.wrap(eightBitClaimingTwoBytes).order(ByteOrder.LITTLE_ENDIAN).putShort(34, (short) 8);
        byte[] noChannels = good.clone();
        ByteBuffer.wrap(noChannels).order(ByteOrder.LITTLE_ENDIAN).putShort(22, (short) 0);
        byte[] zeroRate = with(good, 24, 0);
        byte[] dataFirst = concat(Arrays.copyOfRange(good, 0, 12), chunk("data", new byte[4]),
                Arrays.copyOfRange(good, 12, good.length));

        assertRejected(floatFormat, "16-bit linear PCM");
        assertRejected(twelveBit, "16-bit linear PCM");
        assertRejected(eightBitClaimingTwoBytes, "block align");
        assertRejected(noChannels, "channel");
        assertRejected(zeroRate, "sample rate");
        assertRejected(dataFirst, "before its format");
    }

    @Test
    void rejectsEndlessChunkChains() {
        byte[] good = WavFiles.toBytes(new AudioClip(8000, new short[4]));
        byte[][] parts = new byte[200][];
        Arrays.fill(parts, chunk("junk", new byte[0]));
        byte[] many = concat(Arrays.copyOfRange(good, 0, 12), concat(parts), Arrays.copyOfRange(good, 12, good.length));

        assertRejected(many, "too many chunks");
    }

    @Test
    void refusesUploadsAndFilesBeyondTheLimit(@TempDir Path dir) throws Exception {
        byte[] big = WavFiles.toBytes(TestAudio.tone(8000, 440, 2000, 0.5));
        Path file = dir.resolve("big.wav");
        Files.write(file, big);
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 0;
            }
        };

        assertThatThrownBy(() -> WavFiles.read(new ByteArrayInputStream(big), 1000))
                .isInstanceOf(SpeechException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> WavFiles.read(endless, 4096)).isInstanceOf(SpeechException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> WavFiles.read(file, 1000)).isInstanceOf(SpeechException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> WavFiles.read(dir.resolve("missing.wav"))).isInstanceOf(SpeechException.class)
                .hasMessageContaining("missing.wav");
    }

    @Test
    void loadsAStereoUploadAsATelephonePrompt() {
        AudioClip left = TestAudio.tone(44100, 800, 500, 0.4);
        short[] interleaved = new short[left.samples().length * 2];
        for (int i = 0; i < left.samples().length; i++) {
            interleaved[2 * i] = left.samples()[i];
            interleaved[2 * i + 1] = left.samples()[i];
        }
        byte[] upload = WavFiles.toBytes(44100, 2, interleaved);

        AudioClip prompt = WavFiles.loadPrompt(new ByteArrayInputStream(upload), WavFiles.DEFAULT_MAX_BYTES, 8000);

        assertThat(prompt.sampleRate()).isEqualTo(8000);
        assertThat(prompt.samples().length).isBetween(3999, 4000);
        assertThat(ResamplerTest.toneFraction(Arrays.copyOfRange(prompt.samples(), 1000, 3000), 8000, 800))
                .isGreaterThan(0.99);
    }

    @Test
    void readsEightBitUnsignedPcm() {
        byte[] wav = wav(1, 1, 8000, 1, 8, new byte[] {(byte) 0x80, (byte) 0xFF, 0x00, 0x40});

        assertThat(WavFiles.read(wav).samples()).containsExactly(0, 32512, -32768, -16384);
    }

    @Test
    void expandsG711CodesToTheirStandardValues() {
        byte[] ulaw = wav(7, 1, 8000, 1, 8, new byte[] {(byte) 0xFF, 0x00, (byte) 0x80, 0x7F});
        byte[] alaw = wav(6, 1, 8000, 1, 8, new byte[] {(byte) 0xD5, 0x55, (byte) 0xAA, 0x2A});

        assertThat(WavFiles.read(ulaw).samples()).containsExactly(0, -32124, 32124, 0);
        assertThat(WavFiles.read(alaw).samples()).containsExactly(8, -8, 32256, -32256);
    }

    @Test
    void aG711ToneDecodesToTheTone() {
        AudioClip tone = TestAudio.tone(8000, 1000, 200, 0.5);
        short[] table = new short[256];
        for (int code = 0; code < 256; code++) {
            table[code] = WavFiles.read(wav(7, 1, 8000, 1, 8, new byte[] {(byte) code})).samples()[0];
        }
        byte[] encoded = new byte[tone.samples().length];
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = (byte) nearest(table, tone.samples()[i]);
        }

        AudioClip decoded = WavFiles.read(wav(7, 1, 8000, 1, 8, encoded));

        assertThat(ResamplerTest.toneFraction(decoded.samples(), 8000, 1000)).isGreaterThan(0.99);
    }

    @Test
    void mixesStereoG711DownToMono() {
        byte[] wav = wav(7, 2, 8000, 2, 8, new byte[] {(byte) 0x80, (byte) 0xFF, 0x00, (byte) 0x80});

        assertThat(WavFiles.read(wav).samples()).containsExactly(16062, 0);
    }

    @Test
    void acceptsExtensiblePcmAndRefusesAnUnknownSubFormat() {
        byte[] pcm = extensible(1, new byte[] {1, 0, 2, 0});
        byte[] floatSub = extensible(3, new byte[] {1, 0, 2, 0});
        byte[] foreignGuid = extensible(1, new byte[] {1, 0, 2, 0});
        foreignGuid[12 + 8 + 24 + 15] = 0x72; // last byte of the GUID

        assertThat(WavFiles.readUpload(pcm, UPLOAD).samples()).containsExactly(1, 2);
        assertUploadRejected(floatSub, WavRejected.Reason.UNSUPPORTED_FORMAT, "format 3");
        assertUploadRejected(foreignGuid, WavRejected.Reason.UNSUPPORTED_FORMAT, "sub-format");
    }

    @Test
    void anUploadIsReadStrictly() {
        byte[] good = WavFiles.toBytes(TestAudio.tone(16000, 440, 500, 0.5));
        assertThat(WavFiles.readUpload(good, UPLOAD).samples()).hasSize(8000);

        assertUploadRejected("RIFF? no, just a text file renamed .wav\n".getBytes(), WavRejected.Reason.NOT_WAV, "not a WAV");
        assertUploadRejected(new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0}, WavRejected.Reason.NOT_WAV, "not a WAV");
        assertUploadRejected(Arrays.copyOf(good, good.length - 100), WavRejected.Reason.MALFORMED, "");
        byte[] streaming = with(with(good, 40, 0x7FFFF000), 4, good.length - 8);
        assertUploadRejected(streaming, WavRejected.Reason.MALFORMED, "truncated");
        assertUploadRejected(with(good, 4, 0xFFFFFFF8), WavRejected.Reason.MALFORMED, "declares 4294967296 bytes");
        assertUploadRejected(with(good, 40, 0xFFFFFFFF), WavRejected.Reason.MALFORMED, "truncated");
        assertUploadRejected(wav(1, 0, 16000, 0, 16, new byte[4]), WavRejected.Reason.CHANNELS, "channel");
        assertUploadRejected(wav(1, 3, 16000, 6, 16, new byte[6]), WavRejected.Reason.CHANNELS, "channel");
        assertUploadRejected(wav(1, 1, 16000, 3, 16, new byte[6]), WavRejected.Reason.MALFORMED, "block align");
        assertUploadRejected(wav(1, 1, 16000, 2, 16, new byte[5]), WavRejected.Reason.MALFORMED, "inside a sample frame");
        assertUploadRejected(wav(1, 1, 7999, 2, 16, new byte[4]), WavRejected.Reason.SAMPLE_RATE, "7999");
        assertUploadRejected(wav(1, 1, 48001, 2, 16, new byte[4]), WavRejected.Reason.SAMPLE_RATE, "48001");
        assertUploadRejected(wav(1, 1, -1, 2, 16, new byte[4]), WavRejected.Reason.SAMPLE_RATE, "4294967295");
        assertUploadRejected(wav(3, 1, 16000, 4, 32, new byte[8]), WavRejected.Reason.UNSUPPORTED_FORMAT, "format 3");
        assertUploadRejected(wav(1, 1, 16000, 2, 16, new byte[0]), WavRejected.Reason.NO_AUDIO, "no audio");
    }

    @Test
    void anUploadsLengthIsCheckedOnTheHeaderBeforeDecoding() {
        // 8-bit at 8 kHz: 1.5 s in 12 000 bytes, well under the byte limit
        byte[] long8Bit = wav(1, 1, 8000, 1, 8, new byte[12_000]);
        byte[] big = WavFiles.toBytes(TestAudio.tone(8000, 440, 1000, 0.5));

        assertUploadRejected(long8Bit, WavRejected.Reason.TOO_LONG, "1500 ms");
        assertThatThrownBy(() -> WavFiles.readUpload(big, new WavFiles.Limits(1000, 2, 8000, 48000, Duration.ofSeconds(60))))
                .isInstanceOfSatisfying(WavRejected.class, e -> assertThat(e.reason()).isEqualTo(WavRejected.Reason.TOO_LARGE));
    }

    @Test
    void hugeChunkSizesAndEndlessChunkChainsAreRefusedWithoutAllocating() {
        byte[] good = WavFiles.toBytes(new AudioClip(16000, new short[8]));
        byte[] hugeList = concat(Arrays.copyOfRange(good, 0, 12), header("LIST", 0xFFFFFFF0), new byte[64],
                Arrays.copyOfRange(good, 12, good.length));
        fixRiff(hugeList);
        byte[][] parts = new byte[100][];
        Arrays.fill(parts, chunk("junk", new byte[0]));
        byte[] chain = concat(Arrays.copyOfRange(good, 0, 12), concat(parts), Arrays.copyOfRange(good, 12, good.length));
        fixRiff(chain);
        byte[] hugeFmt = with(good, 16, 0x7FFFFFFF);

        assertUploadRejected(hugeList, WavRejected.Reason.MALFORMED, "inside a chunk");
        assertUploadRejected(chain, WavRejected.Reason.MALFORMED, "too many chunks");
        assertUploadRejected(hugeFmt, WavRejected.Reason.MALFORMED, "format chunk");
    }

    private static final WavFiles.Limits UPLOAD = new WavFiles.Limits(5 * 1024 * 1024, 2, 8000, 48000,
            Duration.ofSeconds(1));

    private static void assertUploadRejected(byte[] wav, WavRejected.Reason reason, String message) {
        assertThatThrownBy(() -> WavFiles.readUpload(wav, UPLOAD))
                .isInstanceOfSatisfying(WavRejected.class, e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason))
                .hasMessageContaining(message);
    }

    /** A WAV file with exactly this format chunk and data, sizes consistent. */
    static byte[] wav(int tag, int channels, int rate, int blockAlign, int bits, byte[] data) {
        ByteBuffer fmt = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        fmt.putShort((short) tag).putShort((short) channels).putInt(rate).putInt(rate * blockAlign)
                .putShort((short) blockAlign).putShort((short) bits);
        byte[] out = concat("RIFF\0\0\0\0WAVE".getBytes(), chunk("fmt ", fmt.array()), chunk("data", data));
        fixRiff(out);
        return out;
    }

    /** 16-bit mono WAVE_FORMAT_EXTENSIBLE whose sub-format GUID names {@code subTag}. */
    static byte[] extensible(int subTag, byte[] data) {
        ByteBuffer fmt = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        fmt.putShort((short) 0xFFFE).putShort((short) 1).putInt(16000).putInt(32000).putShort((short) 2)
                .putShort((short) 16).putShort((short) 22).putShort((short) 16).putInt(4)
                .putShort((short) subTag).put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38,
                        (byte) 0x9B, 0x71});
        byte[] out = concat("RIFF\0\0\0\0WAVE".getBytes(), chunk("fmt ", fmt.array()), chunk("data", data));
        fixRiff(out);
        return out;
    }

    private static void fixRiff(byte[] wav) {
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(4, wav.length - 8);
    }

    private static byte[] header(String id, int size) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).put(id.getBytes()).putInt(size).array();
    }

    private static int nearest(short[] table, short sample) {
        int best = 0;
        for (int code = 1; code < table.length; code++) {
            if (Math.abs(table[code] - sample) < Math.abs(table[best] - sample)) {
                best = code;
            }
        }
        return best;
    }

    private static void assertRejected(byte[] wav, String message) {
        assertThatThrownBy(() -> WavFiles.read(wav)).isInstanceOf(SpeechException.class).hasMessageContaining(message);
    }

    private static byte[] with(byte[] wav, int offset, int value) {
        byte[] copy = wav.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return copy;
    }

    private static byte[] chunk(String id, byte[] body) {
        ByteBuffer buf = ByteBuffer.allocate(8 + body.length + (body.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(id.getBytes()).putInt(body.length).put(body);
        return buf.array();
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        ByteBuffer buf = ByteBuffer.allocate(length);
        for (byte[] p : parts) {
            buf.put(p);
        }
        return buf.array();
    }
}
