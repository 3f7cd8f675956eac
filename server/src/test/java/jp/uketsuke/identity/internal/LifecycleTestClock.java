package jp.uketsuke.identity.internal;

import java.time.Clock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Puts the clock the lifecycle tests move in place of the system clock. */
@TestConfiguration(proxyBeanMethods = false)
class LifecycleTestClock {

    @Bean
    @Primary
    Clock lifecycleTestClock() {
        return LifecycleServer.CLOCK;
    }
}
