package jp.uketsuke.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL the tests also run against (CI sets {@code UKETSUKE_TEST_REQUIRE_PG=true}, so there a
 * missing server fails instead of skipping). Each caller gets a schema of its own, so runs never meet.
 */
public final class Postgres {

    public static final String URL = env("UKETSUKE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = env("UKETSUKE_TEST_PG_USER", "postgres");
    public static final String PASSWORD = env("UKETSUKE_TEST_PG_PASSWORD", "");

    private Postgres() {
    }

    /** Creates a fresh schema and returns a JDBC URL whose default schema it is. */
    public static String freshSchemaUrl(String purpose) {
        String schema = "t_" + purpose + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            if (Boolean.parseBoolean(env("UKETSUKE_TEST_REQUIRE_PG", "false"))) {
                fail("PostgreSQL at " + URL + " is required (UKETSUKE_TEST_REQUIRE_PG=true) but unreachable: " + e.getMessage());
            }
            Assumptions.abort("PostgreSQL at " + URL + " is not reachable; set UKETSUKE_TEST_PG_URL to run these tests");
        }
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
