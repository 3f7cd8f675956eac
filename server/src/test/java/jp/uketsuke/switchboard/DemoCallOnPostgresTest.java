package jp.uketsuke.switchboard;

import jp.uketsuke.testing.Postgres;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The demo calls against PostgreSQL, the production database. */
class DemoCallOnPostgresTest extends DemoCallScenarios {

    private static String url;

    /** Before the context starts: skips (or, in CI, fails) when PostgreSQL is not there. */
    @BeforeAll
    static void schema() {
        url = Postgres.freshSchemaUrl("e2e");
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        telephonyOn(registry, "pg");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> Postgres.USER);
        registry.add("spring.datasource.password", () -> Postgres.PASSWORD);
    }
}
