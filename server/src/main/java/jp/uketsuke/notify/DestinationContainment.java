package jp.uketsuke.notify;

import java.util.List;
import java.util.UUID;

/**
 * Containment of a notification destination during a security incident (S10), for the incidents module: a destination
 * that leaks (a mistyped address, a taken-over chat webhook) stops receiving at once. Who may ask is that module's
 * check ({@code incidents:manage} in the tenant, not {@code notify:manage}); the incidents module audits each step.
 */
public interface DestinationContainment {

    /** A destination as containment lists it: its name is the label its tenant gave it, not its address. */
    record DestinationRef(UUID id, String name, boolean enabled) {
    }

    List<DestinationRef> of(UUID tenantId);

    /** False when the tenant has no such destination. */
    boolean setEnabled(UUID tenantId, UUID destinationId, boolean enabled, String actor);
}
