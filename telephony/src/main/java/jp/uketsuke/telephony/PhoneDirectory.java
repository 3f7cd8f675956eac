package jp.uketsuke.telephony;

import java.util.Optional;

/**
 * Where the registrar finds a staff phone's credentials; the application keeps them (sealed) and answers here.
 * Called on SIP threads for every authenticated REGISTER and INVITE, so it must be quick (an indexed lookup).
 */
@FunctionalInterface
public interface PhoneDirectory {

    /** No staff phones at all. */
    PhoneDirectory NONE = username -> Optional.empty();

    /** The phone whose digest username is {@code username}, or empty when there is none (or it was removed). */
    Optional<PhoneCredentials> find(String username);
}
