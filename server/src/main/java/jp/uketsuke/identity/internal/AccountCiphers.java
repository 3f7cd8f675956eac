package jp.uketsuke.identity.internal;

import java.util.UUID;
import jp.uketsuke.vault.TenantCipher;
import jp.uketsuke.vault.Vault;
import org.springframework.stereotype.Component;

/**
 * The keys that seal a user's secrets and personal data (TOTP secrets, e-mail addresses): their tenant's; platform
 * users have no tenant, so theirs use a keyset reserved for the platform, kept by the same vault (and so wrapped by
 * the same master key, apart from the database).
 */
@Component
class AccountCiphers {

    /** Tenant id of the platform's own keyset; no tenant can have it because tenant ids are random UUIDs. */
    static final UUID PLATFORM_KEYSET = new UUID(0, 0);

    private final Vault vault;

    AccountCiphers(Vault vault) {
        this.vault = vault;
    }

    /** @param tenantId null for the platform */
    TenantCipher of(UUID tenantId) {
        if (tenantId != null) {
            return vault.forTenant(tenantId);
        }
        try {
            return vault.forTenant(PLATFORM_KEYSET);
        } catch (IllegalStateException noKeysYet) {
            try {
                vault.createTenantKeys(PLATFORM_KEYSET);
            } catch (IllegalStateException madeByAnotherNode) {
                // another request or node made it first; either way it exists now
            }
            return vault.forTenant(PLATFORM_KEYSET);
        }
    }
}
