package jp.uketsuke.screening;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jp.uketsuke.identity.Viewer;

/**
 * A tenant's screening rules (F4): the numbers it blocks and those it always lets through, and what it does with
 * withheld numbers. Every method needs {@code flows:edit} on the tenant (the rules shape what the bot does), is
 * audited, and shows numbers only masked; the numbers are stored sealed with the tenant's key.
 *
 * @see jp.uketsuke.voicebot.CallerScreening
 */
public interface ScreeningLists {

    /** Most numbers one tenant keeps on its lists together. */
    int MAX_NUMBERS = 10_000;

    enum ListKind {
        /** Declined at the screen node whatever they say. */
        BLOCK,
        /** Never screened out: customers whose calls must get through. */
        ALLOW
    }

    /** @param masked e.g. "090-****-5678" */
    record ListedNumber(UUID id, ListKind list, String masked, Instant addedAt) {
    }

    /** @param installationBlocked how many numbers the installation blocks for every tenant */
    record Rules(AnonymousPolicy anonymous, List<ListedNumber> numbers, int installationBlocked) {
    }

    Rules rules(Viewer viewer, UUID tenantId);

    /**
     * Puts a number on a list, taking it off the other one.
     *
     * @throws IllegalArgumentException when it is not a phone number, or the lists are full
     */
    void add(Viewer viewer, UUID tenantId, ListKind list, String number);

    /** @return false when the tenant has no such entry */
    boolean remove(Viewer viewer, UUID tenantId, UUID entryId);

    void setAnonymousPolicy(Viewer viewer, UUID tenantId, AnonymousPolicy policy);
}
