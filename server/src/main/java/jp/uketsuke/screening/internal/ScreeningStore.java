package jp.uketsuke.screening.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import java.util.UUID;
import jp.uketsuke.screening.AnonymousPolicy;
import jp.uketsuke.screening.ScreeningFeedback.Label;
import jp.uketsuke.screening.ScreeningLists.ListKind;
import jp.uketsuke.vault.TenantCipher;
import jp.uketsuke.vault.Vault;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The screening tables (V14). Numbers and labelled words are sealed with the tenant's key before they are written;
 * numbers are looked up by the keyed index only. No permission checks here: the services above do them.
 */
final class ScreeningStore {

    /** A number on one of a tenant's lists, opened. Personal data: masked before anyone sees it. */
    record Entry(UUID id, ListKind list, String number, Instant addedAt) {
    }

    /**
     * The keyed indexes of a tenant's numbers, by list, and its anonymous-caller policy: what a call needs; and
     * {@code labels}, which of the tenant's labels exist (see {@link #labelStamp}).
     */
    record TenantRules(Set<String> blocked, Set<String> allowed, AnonymousPolicy anonymous, String labels) {
    }

    private final JdbcClient jdbc;
    private final Vault vault;

    ScreeningStore(JdbcClient jdbc, Vault vault) {
        this.jdbc = jdbc;
        this.vault = vault;
    }

    TenantRules rules(UUID tenantId) {
        Set<String> blocked = new HashSet<>();
        Set<String> allowed = new HashSet<>();
        jdbc.sql("select list_kind, number_index from screening_numbers where tenant_id = ?").param(tenantId)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2))).list()
                .forEach(e -> (ListKind.valueOf(e.getKey()) == ListKind.BLOCK ? blocked : allowed).add(e.getValue()));
        return new TenantRules(Set.copyOf(blocked), Set.copyOf(allowed), policy(tenantId), labelStamp(tenantId));
    }

    /**
     * How many labels the tenant has, how many say sales, and when the last was made: changes whenever its labels do,
     * on any server ("0@…" for none).
     */
    String labelStamp(UUID tenantId) {
        return jdbc.sql("""
                select count(*), sum(case when sales then 1 else 0 end), max(labelled_at)
                from screening_labels where tenant_id = ?""").param(tenantId)
                .query((rs, n) -> rs.getLong(1) + "@" + rs.getLong(2) + "@" + rs.getObject(3, OffsetDateTime.class))
                .single();
    }

    AnonymousPolicy policy(UUID tenantId) {
        return jdbc.sql("select anonymous from screening_policies where tenant_id = ?").param(tenantId)
                .query(String.class).optional().map(AnonymousPolicy::valueOf).orElse(AnonymousPolicy.JUDGE);
    }

    void setPolicy(UUID tenantId, AnonymousPolicy policy, String actor, Instant at) {
        int changed = jdbc.sql("update screening_policies set anonymous = ?, changed_at = ?, changed_by = ? where tenant_id = ?")
                .params(policy.name(), utc(at), actor, tenantId).update();
        if (changed == 0) {
            jdbc.sql("insert into screening_policies (tenant_id, anonymous, changed_at, changed_by) values (?, ?, ?, ?)")
                    .params(tenantId, policy.name(), utc(at), actor).update();
        }
    }

    List<Entry> entries(UUID tenantId) {
        TenantCipher cipher = vault.forTenant(tenantId);
        return jdbc.sql("""
                select id, list_kind, sealed_number, added_at from screening_numbers
                where tenant_id = ? order by added_at, id""").param(tenantId)
                .query((rs, n) -> {
                    UUID id = rs.getObject(1, UUID.class);
                    return new Entry(id, ListKind.valueOf(rs.getString(2)),
                            new String(cipher.open(rs.getBytes(3), numberContext(id)), StandardCharsets.UTF_8),
                            rs.getObject(4, OffsetDateTime.class).toInstant());
                }).list();
    }

    int count(UUID tenantId) {
        return jdbc.sql("select count(*) from screening_numbers where tenant_id = ?").param(tenantId)
                .query(Integer.class).single();
    }

    /** Puts a normalised number on a list, off the other; returns the entry's id. */
    UUID put(UUID tenantId, ListKind list, String number, String actor, Instant at) {
        TenantCipher cipher = vault.forTenant(tenantId);
        String index = cipher.index(number);
        jdbc.sql("delete from screening_numbers where tenant_id = ? and number_index = ?").params(tenantId, index).update();
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into screening_numbers (id, tenant_id, list_kind, number_index, sealed_number, added_at, added_by)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(id, tenantId, list.name(), index,
                        binary(cipher.seal(number.getBytes(StandardCharsets.UTF_8), numberContext(id))), utc(at), actor)
                .update();
        return id;
    }

    boolean delete(UUID tenantId, UUID entryId) {
        return jdbc.sql("delete from screening_numbers where tenant_id = ? and id = ?").params(tenantId, entryId)
                .update() > 0;
    }

    void label(UUID tenantId, UUID callId, Label label, String words, String actor, Instant at) {
        byte[] sealed = vault.forTenant(tenantId).seal(words.getBytes(StandardCharsets.UTF_8), labelContext(callId));
        jdbc.sql("delete from screening_labels where call_id = ?").param(callId).update();
        jdbc.sql("""
                insert into screening_labels (call_id, tenant_id, sales, words, labelled_at, labelled_by)
                values (?, ?, ?, ?, ?, ?)""")
                .params(callId, tenantId, label == Label.SALES, binary(sealed), utc(at), actor).update();
    }

    Optional<Label> labelOf(UUID tenantId, UUID callId) {
        return jdbc.sql("select sales from screening_labels where tenant_id = ? and call_id = ?").params(tenantId, callId)
                .query(Boolean.class).optional().map(sales -> sales ? Label.SALES : Label.NOT_SALES);
    }

    /** The tenant's labelled words (true: sales), opened: for its classifier only. */
    List<Map.Entry<String, Boolean>> labelledWords(UUID tenantId) {
        TenantCipher cipher = vault.forTenant(tenantId);
        return jdbc.sql("""
                select call_id, sales, words from screening_labels
                where tenant_id = ? order by labelled_at, call_id""").param(tenantId)
                .query((rs, n) -> Map.entry(new String(cipher.open(rs.getBytes(3),
                        labelContext(rs.getObject(1, UUID.class))), StandardCharsets.UTF_8), rs.getBoolean(2)))
                .list();
    }

    List<UUID> tenantsWithLabels() {
        return jdbc.sql("select distinct tenant_id from screening_labels").query(UUID.class).list();
    }

    private static String numberContext(UUID id) {
        return "screening-number:" + id;
    }

    private static String labelContext(UUID callId) {
        return "screening-label:" + callId;
    }

    private static SqlParameterValue binary(byte[] value) {
        return new SqlParameterValue(Types.BINARY, value);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
