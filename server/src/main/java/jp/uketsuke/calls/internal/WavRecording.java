package jp.uketsuke.calls.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.NoSuchFileException;
import java.util.UUID;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.vault.TenantCipher;

/** A recording as a WAV file: a 44-byte header, then the PCM decrypted while it is written out. */
final class WavRecording implements CallHistory.Recording {

    static final int HEADER_BYTES = 44;
    /** RIFF sizes are 32-bit; longer recordings are cut there (about 37 hours at 8 kHz stereo). */
    static final long MAX_PCM_BYTES = (0xFFFFFFFFL - 36) / RecordingFiles.FRAME_BYTES * RecordingFiles.FRAME_BYTES;

    private final RecordingFiles files;
    private final String path;
    private final TenantCipher cipher;
    private final UUID callId;
    private final int sampleRate;
    private final int channels;
    private final long pcmBytes;

    WavRecording(RecordingFiles files, String path, TenantCipher cipher, UUID callId, int sampleRate, int channels,
                 long pcmBytes) {
        this.files = files;
        this.path = path;
        this.cipher = cipher;
        this.callId = callId;
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.pcmBytes = Math.min(pcmBytes, MAX_PCM_BYTES);
    }

    @Override
    public long wavLength() {
        return HEADER_BYTES + pcmBytes;
    }

    @Override
    public void writeWav(OutputStream out) throws IOException {
        out.write(header());
        if (pcmBytes == 0) {
            return;
        }
        long remaining = pcmBytes;
        try (InputStream pcm = files.openPcm(path, cipher, callId)) {
            byte[] buffer = new byte[16 * 1024];
            while (remaining > 0) {
                int n = RecordingFiles.readWithinSegment(pcm, buffer, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    // the file no longer holds what was measured: damaged or altered since
                    throw new IOException("Recording of call " + callId + " is damaged: it ends "
                            + remaining + " bytes early");
                }
                out.write(buffer, 0, n);
                remaining -= n;
            }
        } catch (NoSuchFileException e) {
            throw new IOException("Recording file of call " + callId + " is missing", e);
        }
    }

    private byte[] header() {
        int blockAlign = channels * 2;
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'R', 'I', 'F', 'F'}).putInt((int) (36 + pcmBytes)).put(new byte[] {'W', 'A', 'V', 'E'});
        b.put(new byte[] {'f', 'm', 't', ' '}).putInt(16).putShort((short) 1).putShort((short) channels)
                .putInt(sampleRate).putInt(sampleRate * blockAlign).putShort((short) blockAlign).putShort((short) 16);
        b.put(new byte[] {'d', 'a', 't', 'a'}).putInt((int) pcmBytes);
        return b.array();
    }
}
