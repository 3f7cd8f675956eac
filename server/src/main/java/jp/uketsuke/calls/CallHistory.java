package jp.uketsuke.calls;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.identity.Viewer;

/**
 * Reading calls back (F7). Every method checks the viewer's permission and tenant scope and writes an
 * audit event before any personal data is returned. A call the viewer may not see is reported as
 * absent, exactly like one that does not exist, so ids cannot be probed.
 */
public interface CallHistory {

    /** Newest first; requires {@code calls:read} on the tenant. */
    List<CallSummary> list(Viewer viewer, UUID tenantId, int limit);

    /**
     * The tenant's calls from one number (any form {@link jp.uketsuke.tenancy.PhoneNumbers} understands), newest
     * first, found through the keyed index; requires {@code calls:read}. The number itself is never logged or audited.
     */
    List<CallSummary> listByCaller(Viewer viewer, UUID tenantId, String callerNumber, int limit);

    /** Requires {@code calls:read}. */
    Optional<CallDetail> find(Viewer viewer, UUID callId);

    /** Requires {@code recordings:play}. The audio is decrypted while it is written to {@code out}. */
    Optional<Recording> recording(Viewer viewer, UUID callId);

    /** A call's recording, ready to stream as WAV. */
    interface Recording {

        /** Size of the whole WAV file (header + PCM), for Content-Length. */
        long wavLength();

        void writeWav(OutputStream out) throws IOException;
    }
}
