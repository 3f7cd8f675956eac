package jp.uketsuke.calls.internal;

import java.time.Clock;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.config.DataDirectory;
import jp.uketsuke.config.UketsukeProperties;
import jp.uketsuke.vault.Vault;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class CallsConfiguration {

    @Bean
    JdbcCallJournal callJournal(JdbcClient jdbc, Vault vault, DataDirectory dataDirectory, Clock clock,
                                UketsukeProperties properties, ApplicationEventPublisher events) {
        return new JdbcCallJournal(jdbc, vault, dataDirectory, clock, properties.nodeId(), events);
    }

    @Bean
    CallHistory callHistory(JdbcClient jdbc, Vault vault, AuditLog audit, DataDirectory dataDirectory, Clock clock) {
        return new JdbcCallHistory(jdbc, vault, audit, dataDirectory, clock);
    }

    /** Runs once every bean exists and before any is started, so before calls can arrive. */
    @Bean
    SmartInitializingSingleton interruptedCallRecovery(JdbcCallJournal journal) {
        return journal::recoverInterruptedCalls;
    }
}
