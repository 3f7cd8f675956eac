package jp.uketsuke.tenancy;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Tenants and the numbers that route to them (F1). */
public interface Tenants {

    /** The tenant a dialed number belongs to; {@code dialed} in any of the forms trunks send. */
    Optional<TenantLine> lineFor(String dialed);

    UUID create(String name, String language);

    /** Assigns a number to the tenant; the number is normalised first. */
    void assignNumber(UUID tenantId, String number);

    void setStatus(UUID tenantId, TenantStatus status);

    Optional<String> name(UUID tenantId);

    /** Every tenant's name by id, ordered by name (for administrators choosing a tenant). */
    Map<UUID, String> names();
}
