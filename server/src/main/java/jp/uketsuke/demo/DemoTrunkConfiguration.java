package jp.uketsuke.demo;

import java.util.List;
import jp.uketsuke.telephony.AddressRange;
import jp.uketsuke.telephony.NumberRange;
import jp.uketsuke.telephony.Trunk;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code --demo}: softphones and SIPp on this machine (127.0.0.1, ::1) may call the demo number as if through a
 * trunk, exempt like every trunk from the per-source limits; other loopback addresses stay strangers. Nothing else
 * is let in: calls from other machines need a configured trunk or a registered staff phone, as in production.
 */
@Configuration(proxyBeanMethods = false)
class DemoTrunkConfiguration {

    static final String TRUNK_NAME = "demo-loopback";

    @Bean
    @ConditionalOnProperty(name = "demo")
    Trunk demoTrunk() {
        return new Trunk(TRUNK_NAME, "127.0.0.1", 5060, "UDP", null,
                List.of(AddressRange.parse("127.0.0.1"), AddressRange.parse("::1")),
                List.of(NumberRange.single(DemoSetup.NUMBER), NumberRange.single(DemoSetup.JAPANESE_NUMBER)));
    }
}
