package jp.uketsuke.tenancy;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.telephony.MediaSecurity;

/** Tenants and the numbers that route to them (F1). */
public interface Tenants {

    /** The tenant a dialed number belongs to; {@code dialed} in any of the forms trunks send. */
    Optional<TenantLine> lineFor(String dialed);

    UUID create(String name, String language);

    /** Assigns a number to the tenant; the number is normalised first. */
    void assignNumber(UUID tenantId, String number);

    void setStatus(UUID tenantId, TenantStatus status);

    Optional<String> name(UUID tenantId);

    /** The tenant's language (BCP 47, e.g. "ja-JP"): what its standard flow speaks. */
    Optional<String> language(UUID tenantId);

    /** Every tenant's name by id, ordered by name (for administrators choosing a tenant). */
    Map<UUID, String> names();

    /** The tenant's own media security policy, or empty when it follows the platform default. */
    Optional<MediaSecurity> mediaSecurity(UUID tenantId);

    /** Sets the tenant's media security policy; null returns it to the platform default. */
    void setMediaSecurity(UUID tenantId, MediaSecurity security);
}
