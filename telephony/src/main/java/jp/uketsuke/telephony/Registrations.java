package jp.uketsuke.telephony;

import java.util.List;

/**
 * The registrar's current bindings, for whoever needs to reach a staff phone (transfer) or show its state. Expired
 * registrations are never returned.
 */
public interface Registrations {

    /** Where the phone with this extension of this tenant can be called now, newest registration first. */
    List<Registration> contacts(String tenant, String extension);

    /** Every live registration of one tenant. */
    List<Registration> ofTenant(String tenant);

    /** Drops every registration of the phone at once (removed, or given a new password). */
    void forget(String username);
}
