package jp.uketsuke.voicebot.internal;

import java.time.Clock;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.vault.Vault;
import jp.uketsuke.voicebot.CallerScreening;
import jp.uketsuke.voicebot.FlowEditing;
import jp.uketsuke.voicebot.FlowServices;
import jp.uketsuke.voicebot.TextMessaging;
import jp.uketsuke.voicebot.FlowResources;
import jp.uketsuke.voicebot.PromptRecordings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class VoicebotConfiguration {

    @Bean
    FlowStore flowStore(JdbcClient jdbc, Vault vault, Clock clock) {
        return new FlowStore(jdbc, vault, clock);
    }

    @Bean
    CompiledFlows publishedFlows(FlowStore store, Tenants tenants) {
        return new CompiledFlows(store, tenants);
    }

    @Bean
    FlowEditing flowEditing(FlowStore store, CompiledFlows compiled, FlowResources resources, AuditLog audit,
                            TransactionTemplate transactions, Clock clock, ObjectProvider<CallerScreening> screening) {
        // the simulator screens as a call would, and shows the text message it would send without sending it
        return new FlowEditingService(store, compiled, resources, audit, transactions, clock,
                new FlowServices(screening.getIfAvailable(() -> CallerScreening.NONE), TextMessaging.SIMULATED));
    }

    /** Recordings kept in memory for calls: 16 million samples, 32 MB, over 16 minutes of 16 kHz audio. */
    @Bean
    PromptRecordings promptRecordings(JdbcClient jdbc, Vault vault, FlowStore store, AuditLog audit,
                                      TransactionTemplate transactions, Clock clock) {
        return new JdbcPromptRecordings(jdbc, vault, store, audit, transactions, clock,
                new RecordingCache(16_000_000));
    }

    /** Before calls can arrive: flows of the first version become versioned ones. */
    @Bean
    SmartInitializingSingleton legacyFlowUpgrade(JdbcClient jdbc, Vault vault, FlowStore store, AuditLog audit,
                                                 TransactionTemplate transactions) {
        return () -> new LegacyFlowUpgrade(jdbc, vault, store, audit, transactions).run();
    }
}
