package jp.uketsuke.screening;

import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.identity.Viewer;

/**
 * Staff marking a call as a sales call or not (営業電話 / 営業ではない, F4): the caller's first words are kept with the
 * label, sealed, and the tenant's classifier is rebuilt from the shared one and all its labels, off the call threads.
 */
public interface ScreeningFeedback {

    enum Label { SALES, NOT_SALES }

    /**
     * Labels a call the viewer may read; needs {@code screening:train} on its tenant (refused and audited otherwise).
     *
     * @return false when there is no such call within the viewer's reach
     * @throws IllegalArgumentException when the caller said nothing there is to learn from
     * @throws org.springframework.security.access.AccessDeniedException without {@code screening:train}
     */
    boolean label(Viewer viewer, UUID callId, Label label);

    /** The call's label, if it has one; needs {@code calls:read} on its tenant. Carries no personal data. */
    Optional<Label> labelOf(Viewer viewer, UUID tenantId, UUID callId);
}
