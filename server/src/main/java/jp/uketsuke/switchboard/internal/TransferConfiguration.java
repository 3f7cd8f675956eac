package jp.uketsuke.switchboard.internal;

import java.util.List;
import jp.uketsuke.telephony.Registrations;
import jp.uketsuke.telephony.SipSettings;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.switchboard.TransferTargets;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import jp.uketsuke.phones.StaffPhones;
import jp.uketsuke.speech.SpeechEngines;
import jp.uketsuke.voicebot.FlowResources;
import jp.uketsuke.voicebot.PromptRecordings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Transfer targets: the registrar's staff phones, the configured trunks, and {@code uketsuke.transfer.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TransferProperties.class)
class TransferConfiguration {

    @Bean
    TransferTargets transferTargets(TransferProperties properties, Tenants tenants,
                                    ObjectProvider<Registrations> registrations, ObjectProvider<SipSettings> sip) {
        return new StaffTargets(properties, tenants, registrations::getIfAvailable,
                () -> sip.getIfAvailable() == null ? List.of() : sip.getIfAvailable().peers().trunks());
    }

    @Bean
    FlowResources flowResources(SpeechEngines speech, StaffPhones phones, TransferProperties properties,
                                Tenants tenants, PromptRecordings recordings) {
        return new InstallationFlowResources(speech, phones, properties, tenants, recordings);
    }
}
