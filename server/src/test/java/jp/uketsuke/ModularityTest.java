package jp.uketsuke;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * Each top-level package is a module: others use only its public types, never its {@code internal}
 * package, and no module depends on another in a cycle.
 */
class ModularityTest {

    @Test
    void modulesTouchEachOtherOnlyThroughTheirPublicTypes() {
        ApplicationModules.of(UketsukeApplication.class).verify();
    }
}
