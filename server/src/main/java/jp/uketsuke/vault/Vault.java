package jp.uketsuke.vault;

import java.util.UUID;

/** Per-tenant keys, kept wrapped by a master key that lives apart from the data. */
public interface Vault {

    /** Creates the tenant's keyset; fails if it exists. */
    void createTenantKeys(UUID tenantId);

    /** The tenant's keys; fails clearly when the tenant has none. */
    TenantCipher forTenant(UUID tenantId);
}
