package jp.uketsuke.notify.internal;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.notify.ChannelKind;
import jp.uketsuke.notify.DataLevel;
import jp.uketsuke.notify.Destination;
import jp.uketsuke.vault.TenantCipher;
import jp.uketsuke.vault.Vault;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Table {@code notification_destinations}. Address and secret are sealed with the tenant's key under a context naming
 * the destination, so a ciphertext moved to another row or tenant does not open; they are opened only to send and to
 * compare on a change, never to show.
 */
final class DestinationRows {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Vault vault;

    DestinationRows(JdbcClient jdbc, Vault vault) {
        this.jdbc = jdbc;
        this.vault = vault;
    }

    /** A destination as the console shows it: nothing sealed in it. */
    record Stored(UUID id, UUID tenantId, ChannelKind kind, String name, DataLevel level, Map<String, String> options,
                  boolean hasSecret, Instant verifiedAt, boolean codePending, boolean enabled, String changedBy,
                  Instant changedAt, int version) {

        public boolean verified() {
            return verifiedAt != null;
        }
    }

    /** The pending code's hash and state, for checking an entry. */
    record PendingCode(String hash, Instant expiresAt, int attempts) {
    }

    UUID insert(UUID tenantId, ChannelKind kind, String name, DataLevel level, String address, String secret,
                Map<String, String> options, String actor, Instant now) {
        UUID id = UUID.randomUUID();
        TenantCipher cipher = vault.forTenant(tenantId);
        jdbc.sql("""
                insert into notification_destinations (id, tenant_id, kind, name, data_level, address, secret, options,
                    enabled, created_by, created_at, changed_by, changed_at, version)
                values (?, ?, ?, ?, ?, ?, ?, ?, true, ?, ?, ?, ?, 1)""")
                .params(id, tenantId, kind.name(), name, level.name(), seal(cipher, address, addressContext(id)),
                        new SqlParameterValue(Types.VARBINARY, secret.isEmpty() ? null : seal(cipher, secret, secretContext(id))),
                        JSON.writeValueAsString(options), actor, utc(now), actor, utc(now))
                .update();
        return id;
    }

    /**
     * Saves a change if the row is still at {@code version}. A new address or secret clears the verification and any
     * pending code: what was proven of the old receiver says nothing of the new one.
     *
     * @param address null to keep; @param secret null to keep
     * @return false when someone else changed it meanwhile
     */
    boolean update(Stored before, String name, DataLevel level, String address, String secret,
                   Map<String, String> options, String actor, Instant now) {
        TenantCipher cipher = vault.forTenant(before.tenantId());
        UUID id = before.id();
        boolean reset = address != null || secret != null;
        return jdbc.sql("""
                update notification_destinations set name = ?, data_level = ?, options = ?,
                    address = coalesce(?, address), secret = case when ? then ? else secret end,
                    verified_at = case when ? then null else verified_at end,
                    code_hash = case when ? then null else code_hash end,
                    changed_by = ?, changed_at = ?, version = version + 1
                where id = ? and tenant_id = ? and version = ?""")
                .params(name, level.name(), JSON.writeValueAsString(options),
                        new SqlParameterValue(Types.VARBINARY, address == null ? null : seal(cipher, address, addressContext(id))),
                        secret != null,
                        new SqlParameterValue(Types.VARBINARY, secret == null || secret.isEmpty() ? null
                                : seal(cipher, secret, secretContext(id))),
                        reset, reset, actor, utc(now), id, before.tenantId(), before.version())
                .update() == 1;
    }

    boolean setEnabled(UUID tenantId, UUID id, boolean enabled, String actor, Instant now) {
        return jdbc.sql("""
                update notification_destinations set enabled = ?, changed_by = ?, changed_at = ?, version = version + 1
                where id = ? and tenant_id = ?""").params(enabled, actor, utc(now), id, tenantId).update() == 1;
    }

    boolean delete(UUID tenantId, UUID id) {
        return jdbc.sql("delete from notification_destinations where id = ? and tenant_id = ?").params(id, tenantId)
                .update() == 1;
    }

    Optional<Stored> find(UUID tenantId, UUID id) {
        return jdbc.sql(SELECT + " where id = ? and tenant_id = ?").params(id, tenantId).query(DestinationRows::row)
                .optional();
    }

    List<Stored> ofTenant(UUID tenantId) {
        return jdbc.sql(SELECT + " where tenant_id = ? order by name, id").param(tenantId).query(DestinationRows::row)
                .list();
    }

    /** The destination opened for sending. */
    Destination open(Stored stored) {
        record Sealed(byte[] address, byte[] secret) {
        }
        Sealed sealed = jdbc.sql("select address, secret from notification_destinations where id = ?")
                .param(stored.id()).query((rs, n) -> new Sealed(rs.getBytes(1), rs.getBytes(2))).single();
        TenantCipher cipher = vault.forTenant(stored.tenantId());
        String address = new String(cipher.open(sealed.address(), addressContext(stored.id())), StandardCharsets.UTF_8);
        String secret = sealed.secret() == null ? ""
                : new String(cipher.open(sealed.secret(), secretContext(stored.id())), StandardCharsets.UTF_8);
        return new Destination(stored.id(), stored.tenantId(), stored.kind(), address, secret, stored.options());
    }

    void setCode(UUID id, String hash, Instant expiresAt) {
        jdbc.sql("update notification_destinations set code_hash = ?, code_expires_at = ?, code_attempts = 0 where id = ?")
                .params(hash, utc(expiresAt), id).update();
    }

    Optional<PendingCode> pendingCode(UUID id) {
        return jdbc.sql("select code_hash, code_expires_at, code_attempts from notification_destinations where id = ? and code_hash is not null")
                .param(id).query((rs, n) -> new PendingCode(rs.getString(1),
                        rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getInt(3))).optional();
    }

    /** Counts one entry of the code; false when the limit was already reached (one conditional update, so parallel guesses count). */
    boolean countAttempt(UUID id, int limit) {
        return jdbc.sql("update notification_destinations set code_attempts = code_attempts + 1 where id = ? and code_attempts < ?")
                .params(id, limit).update() == 1;
    }

    /** Marks it verified if the code is still the one entered. */
    boolean verified(UUID id, String hash, String actor, Instant now) {
        return jdbc.sql("""
                update notification_destinations set verified_at = ?, code_hash = null, code_expires_at = null,
                    changed_by = ?, changed_at = ?, version = version + 1
                where id = ? and code_hash = ?""").params(utc(now), actor, utc(now), id, hash).update() == 1;
    }

    private static final String SELECT = """
            select id, tenant_id, kind, name, data_level, options, secret is not null, verified_at,
                   code_hash is not null, enabled, changed_by, changed_at, version
            from notification_destinations""";

    private static Stored row(ResultSet rs, int n) throws SQLException {
        OffsetDateTime verified = rs.getObject(8, OffsetDateTime.class);
        return new Stored(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), ChannelKind.valueOf(rs.getString(3)),
                rs.getString(4), DataLevel.valueOf(rs.getString(5)), options(rs.getString(6)), rs.getBoolean(7),
                verified == null ? null : verified.toInstant(), rs.getBoolean(9), rs.getBoolean(10), rs.getString(11),
                rs.getObject(12, OffsetDateTime.class).toInstant(), rs.getInt(13));
    }

    static Map<String, String> options(String json) {
        return new LinkedHashMap<>(JSON.readValue(json, new TypeReference<Map<String, String>>() {
        }));
    }

    private static byte[] seal(TenantCipher cipher, String value, String context) {
        return cipher.seal(value.getBytes(StandardCharsets.UTF_8), context);
    }

    static String addressContext(UUID id) {
        return "notification-destination:" + id + ":address";
    }

    static String secretContext(UUID id) {
        return "notification-destination:" + id + ":secret";
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
