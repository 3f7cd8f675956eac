package jp.uketsuke.telephony;

import java.util.List;

/** Why telephony let an INVITE through to the application: the trunk it came from, or the staff phone that sent it. */
public sealed interface CallOrigin {

    /**
     * From the source address of one or more configured trunks (usually one). The application still checks that the
     * dialed number lies in a trunk's ranges: telephony does not normalise numbers.
     */
    record FromTrunk(List<Trunk> trunks) implements CallOrigin {
        public FromTrunk {
            trunks = List.copyOf(trunks);
            if (trunks.isEmpty()) {
                throw new IllegalArgumentException("a call from a trunk names at least one trunk");
            }
        }

        /**
         * The strictest media security the trunks ask for, or null when none sets one. Every trunk that shares the
         * source address counts: telephony cannot tell which of them sent the call, and none may loosen another.
         */
        public MediaSecurity mediaSecurity() {
            MediaSecurity strictest = null;
            for (Trunk trunk : trunks) {
                if (trunk.mediaSecurity() != null) {
                    strictest = trunk.mediaSecurity().atLeast(strictest);
                }
            }
            return strictest;
        }

        /** Whether one of the trunks may deliver {@code number} (normalised as the ranges are). */
        public boolean delivers(String number) {
            return trunks.stream().anyMatch(trunk -> trunk.delivers(number));
        }
    }

    /** From a staff phone that proved its credentials on this very INVITE (digest, 407). */
    record FromPhone(String tenant, String extension, String username) implements CallOrigin {
    }
}
