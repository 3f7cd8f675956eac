package jp.uketsuke.voicebot.internal;

import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.vault.Vault;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.FlowDocuments;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The tables behind versioned flows: {@code flow_drafts}, {@code flow_versions}, {@code flow_in_use}. Definitions are
 * flow documents sealed with the tenant's key, each under a context naming its tenant and slot, so a stored
 * definition cannot be moved to another tenant or version unnoticed. Callers hold the transaction.
 */
final class FlowStore {

    private final JdbcClient jdbc;
    private final Vault vault;
    private final Clock clock;

    FlowStore(JdbcClient jdbc, Vault vault, Clock clock) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.clock = clock;
    }

    record StoredDraft(Flow flow, Instant savedAt, Integer basedOn) {
    }

    record StoredVersion(int version, Instant publishedAt, String publishedBy) {
    }

    Optional<StoredDraft> draft(UUID tenantId) {
        return jdbc.sql("select definition, saved_at, based_on from flow_drafts where tenant_id = ?")
                .param(tenantId)
                .query((rs, n) -> new StoredDraft(open(tenantId, rs.getBytes(1), "draft"),
                        rs.getObject(2, OffsetDateTime.class).toInstant(), (Integer) rs.getObject(3)))
                .optional();
    }

    /** The version the draft was started from, without opening the draft. */
    Optional<Integer> draftBasedOn(UUID tenantId) {
        return jdbc.sql("select based_on from flow_drafts where tenant_id = ?").param(tenantId)
                .query((rs, n) -> (Integer) rs.getObject(1)).optional();
    }

    void saveDraft(UUID tenantId, Flow flow, Integer basedOn, String actor) {
        byte[] sealed = seal(tenantId, flow, "draft");
        OffsetDateTime now = now();
        int updated = jdbc.sql("update flow_drafts set definition = ?, based_on = ?, saved_at = ?, saved_by = ? "
                        + "where tenant_id = ?")
                .params(binary(sealed), basedOn, now, actor, tenantId)
                .update();
        if (updated == 0) {
            jdbc.sql("insert into flow_drafts (tenant_id, definition, based_on, saved_at, saved_by) values (?, ?, ?, ?, ?)")
                    .params(tenantId, binary(sealed), basedOn, now, actor)
                    .update();
        }
    }

    void deleteDraft(UUID tenantId) {
        jdbc.sql("delete from flow_drafts where tenant_id = ?").param(tenantId).update();
    }

    Optional<Flow> version(UUID tenantId, int version) {
        return jdbc.sql("select definition from flow_versions where tenant_id = ? and version = ?")
                .params(tenantId, version)
                .query(byte[].class)
                .optional()
                .map(sealed -> open(tenantId, sealed, "v" + version));
    }

    /** Stores the flow as the tenant's next version; a concurrent publication makes the key clash (and roll back). */
    int addVersion(UUID tenantId, Flow flow, String actor) {
        int next = jdbc.sql("select coalesce(max(version), 0) + 1 from flow_versions where tenant_id = ?")
                .param(tenantId).query(Integer.class).single();
        jdbc.sql("insert into flow_versions (tenant_id, version, definition, published_at, published_by) "
                        + "values (?, ?, ?, ?, ?)")
                .params(tenantId, next, binary(seal(tenantId, flow, "v" + next)), now(), actor)
                .update();
        return next;
    }

    void use(UUID tenantId, int version) {
        OffsetDateTime now = now();
        int updated = jdbc.sql("update flow_in_use set version = ?, since = ? where tenant_id = ?")
                .params(version, now, tenantId).update();
        if (updated == 0) {
            jdbc.sql("insert into flow_in_use (tenant_id, version, since) values (?, ?, ?)")
                    .params(tenantId, version, now).update();
        }
    }

    /**
     * The version in use, its row locked until the transaction ends: publishing changes that row, so whoever holds
     * the lock sees every publication before or none during its work.
     */
    Optional<Integer> lockInUse(UUID tenantId) {
        return jdbc.sql("select version from flow_in_use where tenant_id = ? for update").param(tenantId)
                .query(Integer.class).optional();
    }

    Optional<Integer> inUse(UUID tenantId) {
        return jdbc.sql("select version from flow_in_use where tenant_id = ?").param(tenantId)
                .query(Integer.class).optional();
    }

    List<StoredVersion> versions(UUID tenantId) {
        return jdbc.sql("select version, published_at, published_by from flow_versions where tenant_id = ? "
                        + "order by version desc")
                .param(tenantId)
                .query((rs, n) -> new StoredVersion(rs.getInt(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getString(3)))
                .list();
    }

    private byte[] seal(UUID tenantId, Flow flow, String slot) {
        return vault.forTenant(tenantId).seal(FlowDocuments.write(flow), context(tenantId, slot));
    }

    private Flow open(UUID tenantId, byte[] sealed, String slot) {
        return FlowDocuments.read(vault.forTenant(tenantId).open(sealed, context(tenantId, slot)));
    }

    private static String context(UUID tenantId, String slot) {
        return "flow:" + tenantId + ":" + slot;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static SqlParameterValue binary(byte[] value) {
        return new SqlParameterValue(Types.BINARY, value);
    }
}
