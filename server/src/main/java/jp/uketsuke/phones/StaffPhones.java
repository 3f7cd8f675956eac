package jp.uketsuke.phones;

import java.util.List;
import java.util.UUID;
import jp.uketsuke.identity.Viewer;

/**
 * Staff phones (内線): softphones and desk phones of a tenant's staff that register with Uketsuke's registrar and can
 * call in and, later, receive transferred calls. Each has an extension unique within its tenant, a digest username
 * unique across the installation, and a strong password generated here, returned once and kept only as digest
 * hashes sealed with the tenant's key. Every method needs {@code users:manage} on the tenant; changes are audited.
 */
public interface StaffPhones {

    /**
     * Creates a phone with a new password.
     *
     * @param extension 2-10 digits, e.g. "201"
     * @throws IllegalArgumentException for a malformed extension or one the tenant already has
     * @throws org.springframework.security.access.AccessDeniedException without {@code users:manage} on the tenant
     */
    NewStaffPhone create(Viewer viewer, UUID tenantId, String extension);

    /**
     * Gives the phone a new password; the old one stops working and its registrations are dropped at once.
     *
     * @throws IllegalArgumentException when the tenant has no such phone
     */
    NewStaffPhone resetPassword(Viewer viewer, UUID tenantId, String extension);

    /** Removes the phone; its registrations are dropped at once. Does nothing when there is no such phone. */
    void remove(Viewer viewer, UUID tenantId, String extension);

    /**
     * The extensions the tenant has phones for, for call flows to name as transfer targets. Extensions are not
     * personal data and say nothing about who holds them, so no viewer is asked for.
     */
    java.util.Set<String> extensions(UUID tenantId);

    /** The tenant's phones by extension; empty for a viewer who may not manage them. */
    List<StaffPhone> list(Viewer viewer, UUID tenantId);
}
