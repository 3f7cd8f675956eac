package jp.uketsuke.speech;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes 16-bit linear PCM WAV. Reading treats every file as hostile: sizes are checked
 * against the bytes actually present and against a limit before anything is allocated.
 */
public final class WavFiles {

    /** Default upper bound for a WAV file or upload: about 9 minutes of 48 kHz stereo. */
    public static final int DEFAULT_MAX_BYTES = 100 * 1024 * 1024;

    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;
    private static final int MAX_CHUNKS = 64;
    private static final int MAX_SAMPLE_RATE = 192_000;
    private static final int MAX_CHANNELS = 8;
    // Streaming writers (espeak-ng --stdout, sox, ffmpeg to a pipe) cannot know the length up front.
    private static final long STREAMING_LENGTH_FROM = 0x7FFF_F000L;

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
        if (wav == null) {
            throw new SpeechException("no WAV data");
        }
        ByteBuffer buf = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.length < 12 || buf.getInt(0) != fourCc("RIFF") || buf.getInt(8) != fourCc("WAVE")) {
            throw new SpeechException("not a WAV file (no RIFF/WAVE header)");
        }
        int pos = 12;
        int channels = 0;
        int sampleRate = 0;
        for (int chunk = 0; chunk < MAX_CHUNKS; chunk++) {
            if (wav.length - pos < 8) {
                throw new SpeechException("WAV file is truncated: no data chunk");
            }
            int id = buf.getInt(pos);
            long size = Integer.toUnsignedLong(buf.getInt(pos + 4));
            int body = pos + 8;
            long available = wav.length - body;
            if (id == fourCc("fmt ")) {
                if (size < 16 || size > available) {
                    throw new SpeechException("WAV format chunk is malformed (" + size + " bytes)");
                }
                int format = Short.toUnsignedInt(buf.getShort(body));
                channels = Short.toUnsignedInt(buf.getShort(body + 2));
                sampleRate = buf.getInt(body + 4);
                int bits = Short.toUnsignedInt(buf.getShort(body + 14));
                if (format == FORMAT_EXTENSIBLE && size >= 40) {
                    format = Short.toUnsignedInt(buf.getShort(body + 24)); // first two bytes of the sub-format GUID
                }
                if (format != FORMAT_PCM || bits != 16) {
                    throw new SpeechException("WAV must be 16-bit linear PCM (format " + format + ", " + bits
                            + " bits); convert it, e.g. sox in.wav -b 16 -e signed out.wav");
                }
                if (channels < 1 || channels > MAX_CHANNELS) {
                    throw new SpeechException("WAV has an unsupported channel count: " + channels);
                }
                if (sampleRate < 1000 || sampleRate > MAX_SAMPLE_RATE) {
                    throw new SpeechException("WAV has an unsupported sample rate: " + sampleRate);
                }
            } else if (id == fourCc("data")) {
                if (channels == 0) {
                    throw new SpeechException("WAV data chunk comes before its format chunk");
                }
                if (size > available) {
                    if (size < STREAMING_LENGTH_FROM) {
                        throw new SpeechException("WAV file is truncated: data chunk declares " + size
                                + " bytes, " + available + " present");
                    }
                    size = available;
                }
                return decode(buf, body, (int) size, channels, sampleRate);
            }
            long next = body + size + (size & 1); // chunks are padded to even length
            if (next > wav.length) {
                throw new SpeechException("WAV file is truncated inside a chunk");
            }
            pos = (int) next;
        }
        throw new SpeechException("WAV file has too many chunks before its data");
    }

    private static AudioClip decode(ByteBuffer buf, int offset, int bytes, int channels, int sampleRate) {
        int frames = bytes / (2 * channels);
        short[] mono = new short[frames];
        int p = offset;
        for (int i = 0; i < frames; i++) {
            int sum = 0;
            for (int c = 0; c < channels; c++, p += 2) {
                sum += buf.getShort(p);
            }
            mono[i] = (short) (sum / channels);
        }
        return new AudioClip(sampleRate, mono);
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
