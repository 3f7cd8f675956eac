package jp.uketsuke.summary;

import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.identity.Viewer;

/** Reading call summaries back (F2). Checks {@code calls:read} in the call's tenant and audits before returning. */
public interface CallSummaries {

    /** Empty when the call has no summary (yet), does not exist or the viewer may not see it. */
    Optional<ShownSummary> find(Viewer viewer, UUID callId);
}
