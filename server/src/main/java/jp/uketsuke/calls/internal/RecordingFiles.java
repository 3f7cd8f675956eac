package jp.uketsuke.calls.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.UUID;
import jp.uketsuke.config.DataDirectory;
import jp.uketsuke.vault.TenantCipher;

/** Where recordings live in the data directory, and how much of one still decrypts. */
final class RecordingFiles {

    /** Bytes of one stereo 16-bit sample frame: a recording's length is always a multiple. */
    static final int FRAME_BYTES = 4;
    static final int CHANNELS = 2;

    private final DataDirectory dataDirectory;

    RecordingFiles(DataDirectory dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    String relativePath(UUID tenantId, UUID callId) {
        return "recordings/" + tenantId + "/" + callId + ".rec";
    }

    Path resolve(String relativePath) {
        return dataDirectory.resolve(relativePath);
    }

    static String context(UUID callId) {
        return "call:" + callId + ":recording";
    }

    /**
     * Decrypts the file to its end or to the first segment that does not authenticate (a crash leaves the last
     * segment unfinished) and returns how many whole frames of PCM came out. A missing file holds 0 bytes.
     */
    long decryptableBytes(String relativePath, TenantCipher cipher, UUID callId) {
        try (InputStream pcm = openPcm(relativePath, cipher, callId)) {
            long total = 0;
            byte[] buffer = new byte[8192];
            int n;
            while ((n = readWithinSegment(pcm, buffer, buffer.length)) > 0) {
                total += n;
            }
            return total - total % FRAME_BYTES;
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read recording of call " + callId, e);
        }
    }

    InputStream openPcm(String relativePath, TenantCipher cipher, UUID callId) throws IOException {
        InputStream file = new BufferedInputStream(Files.newInputStream(resolve(relativePath)), 16 * 1024);
        return cipher.opening(file, context(callId));
    }

    /**
     * Reads what the decrypting stream already holds, or else one byte, so a segment that fails to authenticate
     * never takes plaintext of the segments before it down with it. Returns -1 at the end or at such a segment.
     */
    static int readWithinSegment(InputStream pcm, byte[] buffer, int max) {
        try {
            int available = pcm.available();
            if (available > 0) {
                return pcm.read(buffer, 0, Math.min(available, max));
            }
            return pcm.read(buffer, 0, 1);
        } catch (IOException e) {
            // the end of what was written before a crash, or damage: stop here, keep what came before
            return -1;
        }
    }
}
