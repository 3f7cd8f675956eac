package jp.uketsuke.vault.internal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfSet;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import jp.uketsuke.vault.MasterKey;
import jp.uketsuke.vault.TenantCipher;
import jp.uketsuke.vault.Vault;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tenant keysets in table {@code tenant_keys}, each wrapped by the master key with the tenant id and purpose
 * as associated data (a wrapped keyset copied to another tenant's row does not unwrap). Unwrapped ciphers are
 * cached: unwrapping on every value would cost a master-key operation each time.
 */
public final class TinkVault implements Vault {

    /** What each of a tenant's keysets is for, and how a new one is made. */
    enum Purpose {
        AEAD(PredefinedAeadParameters.AES256_GCM),
        // 4 KB segments: a crash loses at most the segment being filled (about 60 ms of 16 kHz stereo)
        STREAMING(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_4KB),
        PRF(PredefinedPrfParameters.HMAC_SHA256_PRF);

        final Parameters parameters;

        Purpose(Parameters parameters) {
            this.parameters = parameters;
        }

        String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final MasterKey masterKey;
    private final Clock clock;
    private final Map<UUID, TenantCipher> ciphers = new ConcurrentHashMap<>();

    public TinkVault(JdbcClient jdbc, TransactionTemplate transactions, MasterKey masterKey, Clock clock) {
        TinkSetup.ensureRegistered();
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.masterKey = masterKey;
        this.clock = clock;
    }

    @Override
    public void createTenantKeys(UUID tenantId) {
        Objects.requireNonNull(tenantId, "tenantId");
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        try {
            transactions.executeWithoutResult(status -> {
                for (Purpose purpose : Purpose.values()) {
                    jdbc.sql("insert into tenant_keys (tenant_id, purpose, wrapped_keyset, created_at) values (?, ?, ?, ?)")
                            .params(tenantId, purpose.column(), wrapNew(tenantId, purpose), now)
                            .update();
                }
            });
        } catch (DuplicateKeyException e) {
            throw new IllegalStateException("Tenant " + tenantId + " already has keys", e);
        }
    }

    @Override
    public TenantCipher forTenant(UUID tenantId) {
        Objects.requireNonNull(tenantId, "tenantId");
        return ciphers.computeIfAbsent(tenantId, this::load);
    }

    /** Whether the master key already protects some tenant's keys (a lost master key file must not be replaced). */
    public static boolean anyTenantKeys(JdbcClient jdbc) {
        return jdbc.sql("select count(*) from tenant_keys").query(Long.class).single() > 0;
    }

    private byte[] wrapNew(UUID tenantId, Purpose purpose) {
        try {
            KeysetHandle handle = KeysetHandle.generateNew(purpose.parameters);
            return TinkProtoKeysetFormat.serializeEncryptedKeyset(handle, masterKey.aead(), wrapContext(tenantId, purpose));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot create the " + purpose.column() + " keyset of tenant " + tenantId, e);
        }
    }

    private TenantCipher load(UUID tenantId) {
        Map<String, byte[]> wrapped = jdbc.sql("select purpose, wrapped_keyset from tenant_keys where tenant_id = ?")
                .param(tenantId)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getBytes(2)))
                .list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        if (wrapped.isEmpty()) {
            throw new IllegalStateException("Tenant " + tenantId + " has no keys");
        }
        try {
            return new TinkTenantCipher(tenantId,
                    unwrap(tenantId, Purpose.AEAD, wrapped).getPrimitive(RegistryConfiguration.get(), Aead.class),
                    unwrap(tenantId, Purpose.STREAMING, wrapped).getPrimitive(RegistryConfiguration.get(), StreamingAead.class),
                    unwrap(tenantId, Purpose.PRF, wrapped).getPrimitive(RegistryConfiguration.get(), PrfSet.class));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A keyset of tenant " + tenantId + " is not of the kind its purpose needs", e);
        }
    }

    private KeysetHandle unwrap(UUID tenantId, Purpose purpose, Map<String, byte[]> wrapped) {
        byte[] bytes = wrapped.get(purpose.column());
        if (bytes == null) {
            throw new IllegalStateException("Tenant " + tenantId + " has no " + purpose.column() + " keyset");
        }
        try {
            return TinkProtoKeysetFormat.parseEncryptedKeyset(bytes, masterKey.aead(), wrapContext(tenantId, purpose));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The " + purpose.column() + " keyset of tenant " + tenantId
                    + " does not unwrap with this master key (wrong master key, or the row was altered)", e);
        }
    }

    private static byte[] wrapContext(UUID tenantId, Purpose purpose) {
        return ("uketsuke-tenant-keyset:" + tenantId + ":" + purpose.column()).getBytes(StandardCharsets.UTF_8);
    }
}
