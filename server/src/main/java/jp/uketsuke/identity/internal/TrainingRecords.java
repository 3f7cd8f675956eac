package jp.uketsuke.identity.internal;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Table {@code training_records}: security training a user completed (S13), entered by an administrator. Records are
 * kept as evidence; a newer record supersedes an older one by expiring later.
 */
@Repository
class TrainingRecords {

    record Training(UUID id, UUID userId, String course, LocalDate completedOn, LocalDate expiresOn, String recordedBy) {

        /** Current on {@code day}: completed by then, and that day is not past its last valid day. */
        boolean currentOn(LocalDate day) {
            return !completedOn.isAfter(day) && !expiresOn.isBefore(day);
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    TrainingRecords(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void add(UUID userId, String course, LocalDate completedOn, LocalDate expiresOn, String recordedBy) {
        jdbc.sql("""
                INSERT INTO training_records (id, user_id, course, completed_on, expires_on, recorded_by, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(UUID.randomUUID(), userId, course, Date.valueOf(completedOn), Date.valueOf(expiresOn), recordedBy,
                        clock.instant().atOffset(ZoneOffset.UTC))
                .update();
    }

    /** Whether the user (by user name, as sessions know them) has a record current on {@code day}. */
    boolean current(String username, LocalDate day) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM training_records t JOIN users u ON u.id = t.user_id
                WHERE u.username = ? AND t.completed_on <= ? AND t.expires_on >= ?""")
                .params(UserAccounts.normalise(username), Date.valueOf(day), Date.valueOf(day))
                .query(Long.class).single() > 0;
    }

    /**
     * A user of a scope, as the training page lists them.
     *
     * @param customRole the name of the user's custom role, null when they hold the built-in {@code role}
     */
    record Person(UUID id, String username, String role, String customRole, boolean enabled) {
    }

    private static final String PEOPLE = """
            SELECT u.id, u.username, u.role, u.enabled, r.name AS custom_name
            FROM users u LEFT JOIN custom_roles r ON r.id = u.custom_role_id""";

    /** The users of one scope (a tenant, or the platform when null), by name. */
    List<Person> people(UUID tenantId) {
        var query = tenantId == null
                ? jdbc.sql(PEOPLE + " WHERE u.tenant_id IS NULL ORDER BY u.username")
                : jdbc.sql(PEOPLE + " WHERE u.tenant_id = ? ORDER BY u.username").param(tenantId);
        return query.query((rs, n) -> new Person(rs.getObject("id", UUID.class), rs.getString("username"),
                rs.getString("role"), rs.getString("custom_name"), rs.getBoolean("enabled"))).list();
    }

    /**
     * The last valid day of each user's latest training that has begun by {@code today}, for the users of one scope (a
     * tenant, or the platform when null); users without any record are absent.
     */
    Map<UUID, LocalDate> latestExpiries(UUID tenantId, LocalDate today) {
        String select = """
                SELECT t.user_id, MAX(t.expires_on) AS expires_on FROM training_records t JOIN users u ON u.id = t.user_id
                WHERE t.completed_on <= ? AND\s""";
        var query = tenantId == null
                ? jdbc.sql(select + "u.tenant_id IS NULL GROUP BY t.user_id").param(Date.valueOf(today))
                : jdbc.sql(select + "u.tenant_id = ? GROUP BY t.user_id").params(Date.valueOf(today), tenantId);
        return query.query((rs, n) -> Map.entry(rs.getObject("user_id", UUID.class), rs.getDate("expires_on").toLocalDate()))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** The records of the users of one scope (a tenant, or the platform when null), newest first. */
    List<Training> ofScope(UUID tenantId) {
        var query = tenantId == null
                ? jdbc.sql("""
                        SELECT t.* FROM training_records t JOIN users u ON u.id = t.user_id WHERE u.tenant_id IS NULL
                        ORDER BY t.completed_on DESC, t.recorded_at DESC""")
                : jdbc.sql("""
                        SELECT t.* FROM training_records t JOIN users u ON u.id = t.user_id WHERE u.tenant_id = ?
                        ORDER BY t.completed_on DESC, t.recorded_at DESC""").param(tenantId);
        return query.query((rs, n) -> new Training(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                rs.getString("course"), rs.getDate("completed_on").toLocalDate(), rs.getDate("expires_on").toLocalDate(),
                rs.getString("recorded_by"))).list();
    }
}
