package jp.uketsuke.calls.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import jp.uketsuke.calls.RecordingWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interleaves caller (left) and bot (right) into little-endian 16-bit stereo PCM, as WAV stores it, and writes
 * it through the tenant's streaming AEAD straight to the file: the cipher hands over whole 4 KB segments, each
 * reaching the operating system as it fills, so a crashed process loses only the segment being filled. The
 * file is forced to the device every {@link #FORCE_EVERY_BYTES}, bounding what a power cut can take.
 */
final class EncryptedRecordingWriter implements RecordingWriter {

    private static final Logger log = LoggerFactory.getLogger(EncryptedRecordingWriter.class);
    static final long FORCE_EVERY_BYTES = 64 * 1024;

    private final UUID callId;
    private final FileChannel file;
    private final OutputStream sealed;
    private final LongConsumer onClosed;
    private final Runnable onFailedClose;
    private final ReentrantLock lock = new ReentrantLock();
    private byte[] frame = new byte[0];
    private long pcmBytes;
    private long unforcedBytes;
    private boolean failed;
    private boolean closed;

    EncryptedRecordingWriter(UUID callId, FileChannel file, OutputStream sealed, LongConsumer onClosed,
                             Runnable onFailedClose) {
        this.callId = callId;
        this.file = file;
        this.sealed = sealed;
        this.onClosed = onClosed;
        this.onFailedClose = onFailedClose;
    }

    /** The file as a stream whose close forces it to the device first. */
    static OutputStream fileStream(FileChannel channel) {
        return new FilterOutputStream(Channels.newOutputStream(channel)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len); // whole segments, not FilterOutputStream's byte by byte
            }

            @Override
            public void close() throws IOException {
                if (channel.isOpen()) {
                    channel.force(true);
                }
                super.close();
            }
        };
    }

    @Override
    public void write(short[] caller, short[] bot) {
        if (caller == null || bot == null || caller.length != bot.length) {
            throw new IllegalArgumentException("Both directions must be given, with the same number of samples");
        }
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("Recording of call " + callId + " is closed");
            }
            if (failed) {
                return;
            }
            int bytes = caller.length * RecordingFiles.FRAME_BYTES;
            if (frame.length < bytes) {
                frame = new byte[bytes];
            }
            for (int i = 0, j = 0; i < caller.length; i++) {
                frame[j++] = (byte) caller[i];
                frame[j++] = (byte) (caller[i] >> 8);
                frame[j++] = (byte) bot[i];
                frame[j++] = (byte) (bot[i] >> 8);
            }
            sealed.write(frame, 0, bytes);
            pcmBytes += bytes;
            unforcedBytes += bytes;
            if (unforcedBytes >= FORCE_EVERY_BYTES) {
                file.force(false);
                unforcedBytes = 0;
            }
        } catch (IOException e) {
            // the call goes on without its recording (invariant 5); what was written so far is kept
            failed = true;
            log.error("Recording of call {} stopped: {}", callId, e.toString());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            boolean clean = !failed;
            try {
                sealed.close(); // writes the final segment, forces the file and closes it
            } catch (IOException e) {
                clean = false;
                log.error("Recording of call {} did not close cleanly: {}", callId, e.toString());
            } finally {
                closeQuietly();
            }
            if (clean) {
                onClosed.accept(pcmBytes);
            } else {
                // its tail is uncertain: measure what decrypts instead of trusting the count
                onFailedClose.run();
            }
        } finally {
            lock.unlock();
        }
    }

    private void closeQuietly() {
        if (file.isOpen()) {
            try {
                file.close();
            } catch (IOException e) {
                log.warn("Recording file of call {} did not close: {}", callId, e.toString());
            }
        }
    }
}
