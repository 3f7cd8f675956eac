package jp.uketsuke.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** WAV files made byte by byte, good and bad, for upload tests; and a check that audio is the tone it should be. */
public final class WavSamples {

    public static final int PCM = 1;
    public static final int A_LAW = 6;
    public static final int MU_LAW = 7;

    private WavSamples() {
    }

    /** A sine tone at half scale. */
    public static short[] tone(int rate, double hz, int millis) {
        short[] out = new short[rate * millis / 1000];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) (16000 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return out;
    }

    /** 16-bit PCM, the same samples in every channel. */
    public static byte[] pcm16(int rate, int channels, short[] samples) {
        ByteBuffer data = ByteBuffer.allocate(samples.length * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            for (int c = 0; c < channels; c++) {
                data.putShort(s);
            }
        }
        return wav(PCM, channels, rate, channels * 2, 16, data.array());
    }

    /** 8-bit unsigned PCM, mono. */
    public static byte[] pcm8(int rate, short[] samples) {
        byte[] data = new byte[samples.length];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) ((samples[i] >> 8) + 128);
        }
        return wav(PCM, 1, rate, 1, 8, data);
    }

    /** G.711 µ-law, mono, encoded by the standard's segment rule. */
    public static byte[] muLaw(int rate, short[] samples) {
        byte[] data = new byte[samples.length];
        for (int i = 0; i < data.length; i++) {
            int s = samples[i];
            int sign = s < 0 ? 0x80 : 0;
            int magnitude = Math.min(Math.abs(s), 32635) + 0x84;
            int exponent = 7;
            for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) {
                exponent--;
            }
            int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
            data[i] = (byte) ~(sign | (exponent << 4) | mantissa);
        }
        return wav(MU_LAW, 1, rate, 1, 8, data);
    }

    /** G.711 A-law, mono. */
    public static byte[] aLaw(int rate, short[] samples) {
        byte[] data = new byte[samples.length];
        for (int i = 0; i < data.length; i++) {
            int s = samples[i] >> 3; // A-law works on 13 bits
            int sign = s >= 0 ? 0x80 : 0;
            int magnitude = Math.min(s >= 0 ? s : -s - 1, 0xFFF);
            int code;
            if (magnitude < 32) {
                code = magnitude >> 1;
            } else {
                int exponent = 31 - Integer.numberOfLeadingZeros(magnitude) - 4;
                code = (exponent << 4) | ((magnitude >> exponent) & 0x0F);
            }
            data[i] = (byte) ((sign | code) ^ 0x55);
        }
        return wav(A_LAW, 1, rate, 1, 8, data);
    }

    /** A WAV file with exactly this format chunk and data chunk, the RIFF size right. */
    public static byte[] wav(int tag, int channels, int rate, int blockAlign, int bits, byte[] data) {
        ByteBuffer buf = ByteBuffer.allocate(44 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        buf.put("RIFF".getBytes()).putInt(buf.capacity() - 8).put("WAVE".getBytes());
        buf.put("fmt ".getBytes()).putInt(16).putShort((short) tag).putShort((short) channels).putInt(rate)
                .putInt(rate * blockAlign).putShort((short) blockAlign).putShort((short) bits);
        buf.put("data".getBytes()).putInt(data.length).put(data);
        return buf.array();
    }

    /** 16-bit mono WAVE_FORMAT_EXTENSIBLE whose sub-format GUID begins with {@code subTag} and ends as given. */
    public static byte[] extensible(int subTag, byte lastGuidByte, short[] samples) {
        ByteBuffer data = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            data.putShort(s);
        }
        ByteBuffer buf = ByteBuffer.allocate(68 + data.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        buf.put("RIFF".getBytes()).putInt(buf.capacity() - 8).put("WAVE".getBytes());
        buf.put("fmt ".getBytes()).putInt(40).putShort((short) 0xFFFE).putShort((short) 1).putInt(16000)
                .putInt(32000).putShort((short) 2).putShort((short) 16).putShort((short) 22).putShort((short) 16)
                .putInt(4).putShort((short) subTag)
                .put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B,
                        lastGuidByte});
        buf.put("data".getBytes()).putInt(data.capacity()).put(data.array());
        return buf.array();
    }

    /** The file with a little-endian int replaced at {@code offset}. */
    public static byte[] with(byte[] wav, int offset, int value) {
        byte[] copy = wav.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return copy;
    }

    /** Share of the signal's energy at {@code hz} (Goertzel over the middle of the audio). */
    public static double toneFraction(short[] samples, int rate, double hz) {
        int from = samples.length / 4;
        int to = samples.length * 3 / 4;
        double coefficient = 2 * Math.cos(2 * Math.PI * hz / rate);
        double s1 = 0;
        double s2 = 0;
        double energy = 0;
        for (int i = from; i < to; i++) {
            double s = samples[i] + coefficient * s1 - s2;
            s2 = s1;
            s1 = s;
            energy += (double) samples[i] * samples[i];
        }
        double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
        int n = to - from;
        return energy == 0 ? 0 : 2 * power / n / energy;
    }
}
