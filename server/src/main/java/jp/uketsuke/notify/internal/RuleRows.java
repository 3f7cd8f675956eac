package jp.uketsuke.notify.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import jp.uketsuke.summary.PurposeCategory;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Table {@code notification_rules}: which of a tenant's calls notify which destination. Holds no personal data. */
final class RuleRows {

    /** When in the tenant's business hours (its published flow's) the call started. */
    enum Hours { ANY, OPEN, CLOSED }

    /**
     * One rule; empty sets and a null number mean "any".
     *
     * @param dialedNumber the tenant's number the caller dialled, normalised
     */
    record Rule(UUID id, UUID tenantId, UUID destinationId, Set<NotifiedOutcome> outcomes,
                Set<PurposeCategory> categories, String dialedNumber, Hours hours, boolean enabled, int version) {

        Rule {
            outcomes = outcomes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(outcomes));
            categories = categories.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(categories));
        }
    }

    private final JdbcClient jdbc;

    RuleRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    UUID insert(Rule rule, String actor, Instant now) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into notification_rules (id, tenant_id, destination_id, outcomes, categories, dialed_number, hours,
                    enabled, changed_by, changed_at, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)""")
                .params(id, rule.tenantId(), rule.destinationId(), names(rule.outcomes()), names(rule.categories()),
                        new SqlParameterValue(Types.VARCHAR, rule.dialedNumber()), rule.hours().name(), rule.enabled(),
                        actor, DestinationRows.utc(now))
                .update();
        return id;
    }

    boolean update(Rule rule, String actor, Instant now) {
        return jdbc.sql("""
                update notification_rules set destination_id = ?, outcomes = ?, categories = ?, dialed_number = ?,
                    hours = ?, enabled = ?, changed_by = ?, changed_at = ?, version = version + 1
                where id = ? and tenant_id = ? and version = ?""")
                .params(rule.destinationId(), names(rule.outcomes()), names(rule.categories()),
                        new SqlParameterValue(Types.VARCHAR, rule.dialedNumber()), rule.hours().name(), rule.enabled(),
                        actor, DestinationRows.utc(now), rule.id(), rule.tenantId(), rule.version())
                .update() == 1;
    }

    boolean delete(UUID tenantId, UUID id) {
        return jdbc.sql("delete from notification_rules where id = ? and tenant_id = ?").params(id, tenantId).update() == 1;
    }

    Optional<Rule> find(UUID tenantId, UUID id) {
        return jdbc.sql(SELECT + " where r.id = ? and r.tenant_id = ?").params(id, tenantId).query(RuleRows::row).optional();
    }

    List<Rule> ofTenant(UUID tenantId) {
        return jdbc.sql(SELECT + " where r.tenant_id = ? order by r.changed_at, r.id").param(tenantId).query(RuleRows::row).list();
    }

    /** Enabled rules whose destination is enabled and verified: the only ones a call is matched against (S8). */
    List<Rule> usable(UUID tenantId) {
        return jdbc.sql(SELECT + """
                 join notification_destinations d on d.id = r.destination_id
                where r.tenant_id = ? and r.enabled and d.enabled and d.verified_at is not null""")
                .param(tenantId).query(RuleRows::row).list();
    }

    private static final String SELECT = """
            select r.id, r.tenant_id, r.destination_id, r.outcomes, r.categories, r.dialed_number, r.hours, r.enabled,
                   r.version from notification_rules r""";

    private static Rule row(ResultSet rs, int n) throws SQLException {
        return new Rule(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                parse(rs.getString(4), NotifiedOutcome.class), parse(rs.getString(5), PurposeCategory.class),
                rs.getString(6), Hours.valueOf(rs.getString(7)), rs.getBoolean(8), rs.getInt(9));
    }

    private static String names(Set<? extends Enum<?>> values) {
        return values.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
    }

    private static <E extends Enum<E>> Set<E> parse(String names, Class<E> type) {
        return names.isBlank() ? Set.of() : Arrays.stream(names.split(",")).map(n -> Enum.valueOf(type, n))
                .collect(Collectors.toSet());
    }
}
