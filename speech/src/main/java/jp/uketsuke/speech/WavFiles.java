package jp.uketsuke.speech;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import jp.uketsuke.speech.WavRejected.Reason;

/**
 * Reads WAV (16-bit and 8-bit PCM, G.711 µ-law and A-law) and writes 16-bit linear PCM WAV. Reading treats every
 * file as hostile: sizes are checked against the bytes actually present and against a limit before anything is
 * allocated; uploads ({@link #readUpload}) are read strictly.
 */
public final class WavFiles {

    /** Default upper bound for a WAV file or upload: about 9 minutes of 48 kHz stereo. */
    public static final int DEFAULT_MAX_BYTES = 100 * 1024 * 1024;

    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_ALAW = 6;
    private static final int FORMAT_MULAW = 7;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;
    /** Bytes 2-15 of every KSDATAFORMAT_SUBTYPE GUID that stands for a plain format tag. */
    private static final byte[] SUBFORMAT_TAIL = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00,
            (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};
    private static final String CONVERT = "convert it, e.g. sox in.wav -b 16 -e signed out.wav";
    private static final int MAX_CHUNKS = 64;
    private static final int MAX_SAMPLE_RATE = 192_000;
    private static final int MAX_CHANNELS = 8;
    // Streaming writers (espeak-ng --stdout, sox, ffmpeg to a pipe) cannot know the length up front.
    private static final long STREAMING_LENGTH_FROM = 0x7FFF_F000L;
    /** What engines' own output and files on disk may be. */
    private static final Limits LENIENT = new Limits(Integer.MAX_VALUE, MAX_CHANNELS, 1000, MAX_SAMPLE_RATE,
            null);

    private WavFiles() {
    }

    public static AudioClip read(Path file) {
        return read(file, DEFAULT_MAX_BYTES);
    }

    /** Reads a WAV file, mixing multi-channel audio down to mono. */
    public static AudioClip read(Path file, int maxBytes) {
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new SpeechException("WAV file is " + size + " bytes, more than the limit of " + maxBytes);
            }
            return read(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new SpeechException("cannot read WAV file " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** Reads at most {@code maxBytes} from the stream (e.g. an upload) and parses them as WAV. */
    public static AudioClip read(InputStream in, int maxBytes) {
        try {
            byte[] bytes = in.readNBytes(maxBytes);
            if (in.read() != -1) {
                throw new SpeechException("WAV data is larger than the limit of " + maxBytes + " bytes");
            }
            return read(bytes);
        } catch (IOException e) {
            throw new SpeechException("cannot read WAV data: " + e.getMessage(), e);
        }
    }

    /** Parses a complete WAV file held in memory, mixing multi-channel audio down to mono. */
    public static AudioClip read(byte[] wav) {
        return parse(wav, LENIENT, false);
    }

    /**
     * Parses an uploaded WAV file strictly: every declared length must match the bytes present (no streaming length,
     * no cut-off last frame), and the limits are checked on the header before any sample is decoded.
     *
     * @throws WavRejected saying what is wrong
     */
    public static AudioClip readUpload(byte[] wav, Limits limits) {
        return parse(wav, limits, true);
    }

    /**
     * What an uploaded WAV file may be.
     *
     * @param maxBytes    size of the whole file
     * @param maxChannels 1 for mono only, 2 to accept stereo (mixed down)
     * @param maxDuration longest audio accepted, or null for no limit but the size
     */
    public record Limits(int maxBytes, int maxChannels, int minSampleRate, int maxSampleRate, Duration maxDuration) {
        public Limits {
            if (maxBytes < 44 || maxChannels < 1 || maxChannels > MAX_CHANNELS || minSampleRate < 1000
                    || maxSampleRate > MAX_SAMPLE_RATE || minSampleRate > maxSampleRate
                    || (maxDuration != null && maxDuration.isNegative())) {
                throw new IllegalArgumentException("WAV limits out of range");
            }
        }
    }

    /** Encodings read; all come out as 16-bit linear samples. */
    private enum Encoding {
        PCM_16(2), PCM_8(1), A_LAW(1), MU_LAW(1);

        final int bytesPerSample;

        Encoding(int bytesPerSample) {
            this.bytesPerSample = bytesPerSample;
        }
    }

    private record Format(Encoding encoding, int channels, int sampleRate) {
        int blockAlign() {
            return channels * encoding.bytesPerSample;
        }
    }

    private static AudioClip parse(byte[] wav, Limits limits, boolean strict) {
        if (wav == null) {
            throw new WavRejected(Reason.NOT_WAV, "no WAV data");
        }
        if (wav.length > limits.maxBytes()) {
            throw new WavRejected(Reason.TOO_LARGE, "WAV file is " + wav.length + " bytes, more than the limit of "
                    + limits.maxBytes());
        }
        ByteBuffer buf = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.length < 12 || buf.getInt(0) != fourCc("RIFF") || buf.getInt(8) != fourCc("WAVE")) {
            throw new WavRejected(Reason.NOT_WAV, "not a WAV file (no RIFF/WAVE header)");
        }
        long riffEnd = 8 + Integer.toUnsignedLong(buf.getInt(4));
        // a missing pad byte after an odd last chunk is common and harmless
        if (strict && riffEnd > wav.length + 1L) {
            throw new WavRejected(Reason.MALFORMED, "WAV header declares " + riffEnd + " bytes, only " + wav.length
                    + " present (truncated or damaged)");
        }
        int pos = 12;
        Format format = null;
        for (int chunk = 0; chunk < MAX_CHUNKS; chunk++) {
            if (wav.length - pos < 8) {
                throw new WavRejected(Reason.MALFORMED, "WAV file is truncated: no data chunk");
            }
            int id = buf.getInt(pos);
            long size = Integer.toUnsignedLong(buf.getInt(pos + 4));
            int body = pos + 8;
            long available = wav.length - body;
            if (id == fourCc("fmt ")) {
                if (size < 16 || size > available) {
                    throw new WavRejected(Reason.MALFORMED, "WAV format chunk is malformed (" + size + " bytes)");
                }
                format = format(buf, body, (int) size, limits);
            } else if (id == fourCc("data")) {
                if (format == null) {
                    throw new WavRejected(Reason.MALFORMED, "WAV data chunk comes before its format chunk");
                }
                if (size > available) {
                    if (strict || size < STREAMING_LENGTH_FROM) {
                        throw new WavRejected(Reason.MALFORMED, "WAV file is truncated: data chunk declares " + size
                                + " bytes, " + available + " present");
                    }
                    size = available;
                }
                if (strict && size % format.blockAlign() != 0) {
                    throw new WavRejected(Reason.MALFORMED, "WAV data chunk of " + size
                            + " bytes ends inside a sample frame of " + format.blockAlign() + " bytes");
                }
                long frames = size / format.blockAlign();
                if (limits.maxDuration() != null
                        && frames * 1000 > limits.maxDuration().toMillis() * format.sampleRate()) {
                    throw new WavRejected(Reason.TOO_LONG, "WAV audio is " + frames * 1000 / format.sampleRate()
                            + " ms long, more than " + limits.maxDuration().toMillis() + " ms");
                }
                if (strict && frames == 0) {
                    throw new WavRejected(Reason.NO_AUDIO, "WAV file holds no audio");
                }
                return decode(buf, body, (int) frames, format);
            }
            long next = body + size + (size & 1); // chunks are padded to even length
            if (next > wav.length) {
                throw new WavRejected(Reason.MALFORMED, "WAV file is truncated inside a chunk");
            }
            pos = (int) next;
        }
        throw new WavRejected(Reason.MALFORMED, "WAV file has too many chunks before its data");
    }

    private static Format format(ByteBuffer buf, int body, int size, Limits limits) {
        int tag = Short.toUnsignedInt(buf.getShort(body));
        int channels = Short.toUnsignedInt(buf.getShort(body + 2));
        int sampleRate = buf.getInt(body + 4);
        int blockAlign = Short.toUnsignedInt(buf.getShort(body + 12));
        int bits = Short.toUnsignedInt(buf.getShort(body + 14));
        if (tag == FORMAT_EXTENSIBLE) {
            // cbSize 22: valid bits, channel mask, then the sub-format GUID whose first two bytes are the real tag
            if (size < 40 || Short.toUnsignedInt(buf.getShort(body + 16)) < 22) {
                throw new WavRejected(Reason.MALFORMED, "WAV extensible format chunk is too short (" + size
                        + " bytes)");
            }
            byte[] guid = new byte[16];
            buf.get(body + 24, guid);
            tag = Short.toUnsignedInt(buf.getShort(body + 24));
            if (!Arrays.equals(guid, 2, 16, SUBFORMAT_TAIL, 0, SUBFORMAT_TAIL.length)) {
                throw new WavRejected(Reason.UNSUPPORTED_FORMAT, "WAV extensible sub-format "
                        + HexFormat.of().formatHex(guid) + " is unknown; " + CONVERT);
            }
        }
        Encoding encoding = switch (tag) {
            case FORMAT_PCM -> bits == 16 ? Encoding.PCM_16 : bits == 8 ? Encoding.PCM_8 : null;
            case FORMAT_ALAW -> bits == 8 ? Encoding.A_LAW : null;
            case FORMAT_MULAW -> bits == 8 ? Encoding.MU_LAW : null;
            default -> null;
        };
        if (encoding == null) {
            throw new WavRejected(Reason.UNSUPPORTED_FORMAT, "WAV must be 16-bit linear PCM, 8-bit PCM or G.711 "
                    + "µ-law/A-law (format " + tag + ", " + bits + " bits); " + CONVERT);
        }
        if (channels < 1 || channels > limits.maxChannels()) {
            throw new WavRejected(Reason.CHANNELS, "WAV has an unsupported channel count: " + channels
                    + " (at most " + limits.maxChannels() + ")");
        }
        if (sampleRate < limits.minSampleRate() || sampleRate > limits.maxSampleRate()) {
            throw new WavRejected(Reason.SAMPLE_RATE, "WAV has an unsupported sample rate: "
                    + Integer.toUnsignedString(sampleRate) + " Hz (" + limits.minSampleRate() + " to "
                    + limits.maxSampleRate() + " Hz)");
        }
        Format format = new Format(encoding, channels, sampleRate);
        if (blockAlign != format.blockAlign()) {
            throw new WavRejected(Reason.MALFORMED, "WAV block align is " + blockAlign + " bytes, "
                    + format.blockAlign() + " expected for " + channels + " channels of " + bits + " bits");
        }
        return format;
    }

    private static AudioClip decode(ByteBuffer buf, int offset, int frames, Format format) {
        short[] mono = new short[frames];
        int channels = format.channels();
        int p = offset;
        for (int i = 0; i < frames; i++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += switch (format.encoding()) {
                    case PCM_16 -> buf.getShort(p);
                    case PCM_8 -> (Byte.toUnsignedInt(buf.get(p)) - 128) << 8;
                    case A_LAW -> G711.alaw(buf.get(p));
                    case MU_LAW -> G711.ulaw(buf.get(p));
                };
                p += format.encoding().bytesPerSample;
            }
            mono[i] = (short) (sum / channels);
        }
        return new AudioClip(format.sampleRate(), mono);
    }

    /** A mono 16-bit PCM WAV file holding the clip. */
    public static byte[] toBytes(AudioClip clip) {
        return toBytes(clip.sampleRate(), 1, clip.samples());
    }

    /** A 16-bit PCM WAV file of interleaved samples with the given channel count. */
    public static byte[] toBytes(int sampleRate, int channels, short[] interleaved) {
        if (channels < 1 || channels > MAX_CHANNELS || interleaved.length % channels != 0) {
            throw new SpeechException("cannot write " + interleaved.length + " samples as " + channels + " channels");
        }
        int dataBytes = interleaved.length * 2;
        ByteBuffer buf = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(fourCc("RIFF")).putInt(36 + dataBytes).putInt(fourCc("WAVE"));
        buf.putInt(fourCc("fmt ")).putInt(16).putShort((short) FORMAT_PCM).putShort((short) channels)
                .putInt(sampleRate).putInt(sampleRate * channels * 2).putShort((short) (channels * 2))
                .putShort((short) 16);
        buf.putInt(fourCc("data")).putInt(dataBytes);
        for (short s : interleaved) {
            buf.putShort(s);
        }
        return buf.array();
    }

    public static void write(AudioClip clip, Path file) {
        try {
            Files.write(file, toBytes(clip));
        } catch (IOException e) {
            throw new SpeechException("cannot write WAV file " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a tenant-uploaded WAV prompt as mono audio at the wanted sample rate (8000 for the
     * telephone, 16000 for wideband).
     */
    public static AudioClip loadPrompt(InputStream upload, int maxBytes, int sampleRate) {
        return Resampler.resample(read(upload, maxBytes), sampleRate);
    }

    private static int fourCc(String s) {
        return (s.charAt(0)) | (s.charAt(1) << 8) | (s.charAt(2) << 16) | (s.charAt(3) << 24);
    }
}
