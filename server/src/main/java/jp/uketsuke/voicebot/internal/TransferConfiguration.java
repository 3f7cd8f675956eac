package jp.uketsuke.voicebot.internal;

import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.voicebot.TransferTargets;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Transfer targets from {@code uketsuke.transfer.*} (see {@link TransferProperties}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TransferProperties.class)
class TransferConfiguration {

    @Bean
    TransferTargets transferTargets(TransferProperties properties, Tenants tenants) {
        return new ConfiguredTransferTargets(properties, tenants);
    }
}
