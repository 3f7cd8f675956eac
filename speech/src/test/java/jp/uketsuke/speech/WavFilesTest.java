package jp.uketsuke.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void rejectsAudioThatIsNotSixteenBitPcm() {
        byte[] good = WavFiles.toBytes(TestAudio.tone(8000, 440, 100, 0.5));
        byte[] floatFormat = good.clone();
        ByteBuffer.wrap(floatFormat).order(ByteOrder.LITTLE_ENDIAN).putShort(20, (short) 3);
        byte[] eightBit = good.clone();
        ByteBuffer.wrap(eightBit).order(ByteOrder.LITTLE_ENDIAN).putShort(34, (short) 8);
        byte[] noChannels = good.clone();
        ByteBuffer.wrap(noChannels).order(ByteOrder.LITTLE_ENDIAN).putShort(22, (short) 0);
        byte[] zeroRate = with(good, 24, 0);
        byte[] dataFirst = concat(Arrays.copyOfRange(good, 0, 12), chunk("data", new byte[4]),
                Arrays.copyOfRange(good, 12, good.length));

        assertRejected(floatFormat, "16-bit linear PCM");
        assertRejected(eightBit, "16-bit linear PCM");
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
