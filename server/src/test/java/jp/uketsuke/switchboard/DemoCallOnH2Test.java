package jp.uketsuke.switchboard;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The demo calls against the embedded default: an H2 file database in the data directory. */
class DemoCallOnH2Test extends DemoCallScenarios {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        telephonyOn(registry, "h2");
    }
}
